// The demo metrics snapshot against the demo mesh (README.md, "The demo mesh"),
// with a hand-built report of the demo cluster.
import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_HEALTH_THRESHOLDS } from '@mesh-security/plugin-mesh-security-common';
import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';
import { parse } from 'yaml';
import { evaluateTraffic } from './index';
import { allowRule, chain, report, workload } from './testing';

const SNAPSHOT = join(
  __dirname,
  '../../../../../examples/mesh/metrics-snapshot.json',
);
const snapshot: MeshMetrics = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));

const meshStrict = chain(['mesh', 'istio-system/default', 'STRICT']);
const gatewayAllow = [
  allowRule('edge/api-gateway-frontend', [
    { principals: ['cluster.local/ns/shop/sa/frontend'] },
  ]),
  allowRule('edge/api-gateway-admin', [
    { principals: ['cluster.local/ns/shop/sa/admin-service'] },
  ]),
  allowRule('edge/api-gateway-retool', [
    { principals: ['cluster.local/ns/tools/sa/retool'] },
  ]),
];
const demo = report([
  workload('istio-system/istio-ingressgateway', {
    decidedBy: 'istio-system/default',
    decisionChain: meshStrict,
  }),
  workload('edge/api-gateway', {
    decidedBy: 'istio-system/default',
    decisionChain: meshStrict,
    authorization: {
      policies: gatewayAllow.map(r => r.policy),
      stance: 'restricted',
      custom: [],
      deny: [],
      allow: gatewayAllow,
      audit: [],
    },
  }),
  workload('shop/user-service', {
    decidedBy: 'istio-system/default',
    decisionChain: meshStrict,
  }),
  workload('shop/order-service', {
    decidedBy: 'istio-system/default',
    decisionChain: meshStrict,
  }),
  workload('payments/payment-service', {
    decidedBy: 'payments/default',
    decisionChain: chain(
      ['mesh', 'istio-system/default', 'STRICT'],
      ['namespace', 'payments/default', 'STRICT'],
    ),
  }),
  workload('comms/notification-svc', {
    mtlsMode: 'PERMISSIVE',
    decidedBy: 'comms/default',
    decisionChain: chain(
      ['mesh', 'istio-system/default', 'STRICT'],
      ['namespace', 'comms/default', 'PERMISSIVE'],
    ),
    labels: {
      app: 'notification-svc',
      version: 'v1',
      'backstage.io/kubernetes-id': 'notification-svc',
      'pod-template-hash': '5n8ktw6c4',
      'security.istio.io/tlsMode': 'istio',
    },
  }),
  workload('legacy/legacy-service', { dataplane: 'none' }),
  workload('tools/retool', {
    decidedBy: 'istio-system/default',
    decisionChain: meshStrict,
  }),
]);

const result = evaluateTraffic({
  report: demo,
  metrics: snapshot,
  healthThresholds: DEFAULT_HEALTH_THRESHOLDS,
  strictReadyMinRequests: 100,
});

describe('demo metrics snapshot', () => {
  it.each([
    ['edge/api-gateway', 5000, 0.002, 12, 85, 1, 'OK'],
    ['shop/user-service', 2000, 0.001, 8, 45, 1, 'OK'],
    ['shop/order-service', 3000, 0.005, 15, 120, 1, 'OK'],
    ['payments/payment-service', 1000, 0.003, 20, 200, 1, 'OK'],
    ['comms/notification-svc', 500, 0, 5, 30, 1, 'OK'],
    ['legacy/legacy-service', 200, 0.015, 50, 500, 0, 'WARN'],
  ])(
    '%s: %p rps, %p errors, p50 %p, p99 %p, mTLS %p, %s',
    (key, rps, errors, p50, p99, mtls, health) => {
      const w = result.workloads[key];
      expect(w.rps).toBe(rps);
      expect(w.errorShare).toBeCloseTo(errors, 10);
      expect(w).toMatchObject({
        p50Ms: p50,
        p99Ms: p99,
        mtlsShare: mtls,
        health,
      });
    },
  );

  it('has the scenario flows, destination-reported where a sidecar received them', () => {
    const edges = Object.entries(result.workloads).flatMap(([key, w]) =>
      w.outbound.map(f => [
        key,
        f.peer,
        f.rate,
        f.reporter,
        f.mtlsShare,
        f.plaintext,
      ]),
    );
    expect(edges).toEqual(
      expect.arrayContaining([
        [
          'edge/api-gateway',
          'shop/order-service',
          3000,
          'destination',
          1,
          false,
        ],
        [
          'edge/api-gateway',
          'shop/user-service',
          2000,
          'destination',
          1,
          false,
        ],
        [
          'shop/order-service',
          'payments/payment-service',
          1000,
          'destination',
          1,
          false,
        ],
        [
          'shop/order-service',
          'comms/notification-svc',
          500,
          'destination',
          1,
          false,
        ],
        [
          'shop/order-service',
          'legacy/legacy-service',
          200,
          'source',
          null,
          true,
        ],
        ['tools/retool', 'edge/api-gateway', 12, 'destination', 1, false],
        [
          'istio-system/istio-ingressgateway',
          'edge/api-gateway',
          4988,
          'destination',
          1,
          false,
        ],
      ]),
    );
    expect(edges).toHaveLength(7);
  });

  it('gives the mesh totals: ≈98 % mTLS by traffic and one plaintext flow', () => {
    expect(result.mesh).toMatchObject({
      totalRps: 11700,
      plaintextFlows: 1,
      window: '5m',
      longWindow: '24h',
    });
    expect(result.mesh.mtlsShare).toBeCloseTo(11500 / 11700, 10);
    expect(Math.round(result.mesh.mtlsShare! * 100)).toBe(98);
  });

  it('finds the plaintext to legacy-service, notification-svc STRICT-ready, the unused gateway grants and the denied ingress', () => {
    expect(
      result.findings.map(f => [
        f.rule,
        f.subject,
        f.detail?.grant ?? f.detail?.callers,
      ]),
    ).toEqual([
      [
        'authz-observed-caller-denied',
        'edge/api-gateway',
        ['istio-system/istio-ingressgateway'],
      ],
      [
        'authz-unused-grant',
        'edge/api-gateway-admin',
        'cluster.local/ns/shop/sa/admin-service',
      ],
      [
        'authz-unused-grant',
        'edge/api-gateway-frontend',
        'cluster.local/ns/shop/sa/frontend',
      ],
      [
        'plaintext-traffic-observed',
        'legacy/legacy-service',
        ['shop/order-service'],
      ],
      ['strict-ready', 'comms/notification-svc', undefined],
    ]);
    const denied = result.findings.find(
      f => f.rule === 'authz-observed-caller-denied',
    )!;
    expect(denied.detail?.observed).toEqual([
      {
        caller: 'istio-system/istio-ingressgateway',
        principal:
          'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
        rate: 4988,
      },
    ]);
    // the fix the what-if view shows: an ALLOW rule for the ingress identity
    expect(parse(denied.remediation!)).toMatchObject({
      kind: 'AuthorizationPolicy',
      metadata: { namespace: 'edge' },
      spec: {
        action: 'ALLOW',
        selector: { matchLabels: { app: 'api-gateway' } },
        rules: [
          {
            from: [
              {
                source: {
                  principals: [
                    'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
                  ],
                },
              },
            ],
          },
        ],
      },
    });
    const ready = result.findings.find(f => f.rule === 'strict-ready')!;
    expect(parse(ready.remediation!)).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'comms' },
      spec: { mtls: { mode: 'STRICT' } },
    });
  });
});
