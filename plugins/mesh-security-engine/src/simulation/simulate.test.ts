import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  KubeObject,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import { parseManifests } from '../manifests';
import { parseMeshMetrics } from '../metrics';
import {
  NOW,
  authorizationPolicy,
  deployment,
  destinationRule,
  namespace,
  peerAuthentication,
  service,
} from '../engine/__testUtils__/builders';
import { flow, identity, metrics } from '../engine/traffic/testing';
import { changeSetFromObjects } from './changeSet';
import { proposeAuthorization } from './proposeAuthorization';
import { simulateChange } from './simulate';

type Objects = KubeObject | Objects[];
const flat = (o: Objects[]) => o.flat(Infinity as 1) as KubeObject[];

const ORDERS = 'spiffe://cluster.local/ns/shop/sa/orders';

/** payments (sidecar) called by shop/orders over mTLS and legacy/batch in plaintext. */
const cluster: Objects[] = [
  namespace('shop', { 'istio-injection': 'enabled' }),
  namespace('payments', { 'istio-injection': 'enabled' }),
  namespace('legacy'),
  deployment('shop', 'orders', { sidecar: true, serviceAccount: 'orders' }),
  deployment('payments', 'payments', { sidecar: true }),
  deployment('legacy', 'batch'),
  service('payments', 'payments', { app: 'payments' }, [
    { port: 80, targetPort: 8080, name: 'http' },
  ]),
];

const traffic: MeshMetrics = metrics({
  flows: [
    flow('shop/orders', 'payments/payments', 'destination', 'mutual_tls', 100),
    flow('legacy/batch', 'payments/payments', 'destination', 'none', 7),
  ],
  identities: [
    {
      ...identity('payments/payments', ORDERS, 8_640_000),
      sourceWorkload: 'orders',
    },
    {
      ...identity('payments/payments', 'unknown', 604_800, 'none'),
      sourceNamespace: 'legacy',
      sourceWorkload: 'batch',
    },
  ],
});

const simulate = (apply: Objects[], del: KubeObject[] = [], m = traffic) =>
  simulateChange({
    objects: flat(cluster),
    metrics: m,
    now: NOW,
    change: {
      apply: flat(apply),
      delete: del.map(o => ({
        kind: String(o.kind),
        namespace: (o.metadata as any).namespace,
        name: (o.metadata as any).name,
      })),
    },
  }).result;

describe('simulateChange', () => {
  it('flipping a namespace to STRICT breaks the plaintext caller, with its rate and the policy to blame', () => {
    const r = simulate([
      peerAuthentication('payments', 'default', { mode: 'STRICT' }),
    ]);
    expect(r.changed).toEqual(['PeerAuthentication payments/default']);
    expect(r.workloads).toEqual([
      expect.objectContaining({
        workload: 'payments/payments',
        before: expect.objectContaining({ mtlsMode: 'PERMISSIVE' }),
        after: expect.objectContaining({
          mtlsMode: 'STRICT',
          decidedBy: 'payments/default',
        }),
      }),
    ]);
    expect(r.flows).toEqual([
      expect.objectContaining({
        source: 'legacy/batch',
        destination: 'payments/payments',
        rate: 7,
        outcome: 'breaks',
        cause: 'strict-rejects-plaintext',
        changedBy: ['PeerAuthentication payments/default'],
      }),
    ]);
    expect(r.breaking).toEqual({ flows: 1, rate: 7 });
    expect(r.findingsRemoved.map(f => f.rule)).toContain('mtls-permissive');
  });

  it('a new ALLOW that misses a caller breaks it; one that names every caller breaks nothing but the plaintext one', () => {
    const onlyOrders = authorizationPolicy('payments', 'allow-orders', {
      selector: { matchLabels: { app: 'payments' } },
      rules: [
        {
          from: [
            { source: { principals: ['cluster.local/ns/shop/sa/orders'] } },
          ],
        },
      ],
    });
    const r = simulate([onlyOrders]);
    expect(r.flows.map(f => [f.source, f.outcome, f.cause])).toEqual([
      ['legacy/batch', 'breaks', 'authz-denies'],
    ]);
    expect(r.findingsAdded.map(f => f.rule)).toContain('authz-requires-mtls');

    const nobody = authorizationPolicy('payments', 'allow-nobody', {
      selector: { matchLabels: { app: 'payments' } },
      rules: [
        {
          from: [
            { source: { principals: ['cluster.local/ns/shop/sa/frontend'] } },
          ],
        },
      ],
    });
    const broken = simulate([nobody]);
    expect(broken.flows.map(f => [f.source, f.rate, f.cause])).toEqual([
      ['shop/orders', 100, 'authz-denies'],
      ['legacy/batch', 7, 'authz-denies'],
    ]);
    expect(broken.breaking).toEqual({ flows: 2, rate: 107 });
  });

  it('a DENY that matches a caller breaks it; deleting it restores the flow', () => {
    const deny = authorizationPolicy('payments', 'deny-shop', {
      action: 'DENY',
      rules: [{ from: [{ source: { namespaces: ['shop'] } }] }],
    });
    const r = simulate([deny]);
    expect(r.flows.map(f => [f.source, f.outcome, f.cause])).toEqual([
      ['shop/orders', 'breaks', 'authz-denies'],
    ]);
    const undo = simulateChange({
      objects: flat([cluster, deny]),
      metrics: traffic,
      now: NOW,
      change: {
        apply: [],
        delete: [
          {
            kind: 'AuthorizationPolicy',
            namespace: 'payments',
            name: 'deny-shop',
          },
        ],
      },
    }).result;
    expect(undo.changed).toEqual([
      'AuthorizationPolicy payments/deny-shop (deleted)',
    ]);
    expect(undo.flows.map(f => [f.source, f.outcome, f.cause])).toEqual([
      ['shop/orders', 'restored', 'authz-allows'],
    ]);
  });

  it('a DestinationRule DISABLE against a STRICT server breaks its clients on that port', () => {
    const strictPayments = [
      cluster,
      peerAuthentication('payments', 'default', { mode: 'STRICT' }),
    ];
    const r = simulateChange({
      objects: flat(strictPayments),
      metrics: traffic,
      now: NOW,
      change: {
        apply: [
          destinationRule(
            'shop',
            'payments-plain',
            'payments.payments.svc.cluster.local',
            { tls: 'DISABLE' },
          ),
        ],
        delete: [],
      },
    }).result;
    expect(r.flows).toEqual([
      expect.objectContaining({
        source: 'shop/orders',
        destination: 'payments/payments',
        port: 80,
        rate: 100,
        outcome: 'breaks',
        cause: 'client-tls-fails',
        changedBy: ['DestinationRule shop/payments-plain'],
      }),
    ]);
    expect(r.findingsAdded.map(f => f.rule)).toContain(
      'dr-tls-disable-to-strict',
    );
  });

  it('a dry-run policy breaks nothing and is judged by what it would deny', () => {
    const staged = authorizationPolicy(
      'payments',
      'staged',
      {
        selector: { matchLabels: { app: 'payments' } },
        rules: [
          {
            from: [
              { source: { principals: ['cluster.local/ns/shop/sa/orders'] } },
            ],
          },
        ],
      },
      { dryRun: true },
    );
    const r = simulate([staged]);
    expect(r.flows).toEqual([]);
    expect(
      r.findingsAdded.map(f => [f.rule, f.subject, f.detail?.callers]),
    ).toEqual([
      ['authz-dry-run-would-deny', 'payments/staged', ['legacy/batch']],
    ]);
  });

  it('judges no flow without metrics, and says so', () => {
    const r = simulateChange({
      objects: flat(cluster),
      now: NOW,
      change: {
        apply: flat([
          peerAuthentication('payments', 'default', { mode: 'STRICT' }),
        ]),
        delete: [],
      },
    }).result;
    expect(r.trafficJudged).toBe(false);
    expect(r.flows).toEqual([]);
    expect(r.workloads).toHaveLength(1);
  });
});

describe('change files', () => {
  it('read deletions from the change annotation and refuse other values', () => {
    const del = authorizationPolicy('a', 'p', {});
    (del.metadata as any).annotations = { 'mesh-security.io/change': 'delete' };
    expect(changeSetFromObjects([del, namespace('b')])).toEqual({
      apply: [namespace('b')],
      delete: [{ kind: 'AuthorizationPolicy', namespace: 'a', name: 'p' }],
    });
    (del.metadata as any).annotations['mesh-security.io/change'] = 'remove';
    expect(() => changeSetFromObjects([del])).toThrow(
      'AuthorizationPolicy a/p: mesh-security.io/change must be "delete" (got "remove")',
    );
  });
});

describe('the demo mesh', () => {
  const root = resolve(__dirname, '../../../../examples/mesh');
  const objects = [
    'namespaces',
    'istio-system',
    'edge',
    'shop',
    'payments',
    'comms',
    'legacy',
    'tools',
    'policies',
  ].flatMap(name => {
    const file = `${root}/manifests/${name}.yaml`;
    return parseManifests(readFileSync(file, 'utf8'), file);
  });
  const demoMetrics = parseMeshMetrics(
    JSON.parse(readFileSync(`${root}/metrics-snapshot.json`, 'utf8')),
  );

  it('the ALLOW rule for the ingress identity clears authz-observed-caller-denied on api-gateway', () => {
    const allowIngress = authorizationPolicy('edge', 'api-gateway-ingress', {
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
    });
    const r = simulateChange({
      objects,
      metrics: demoMetrics,
      now: NOW,
      change: { apply: [allowIngress], delete: [] },
    }).result;
    expect(r.findingsRemoved.map(f => [f.rule, f.subject])).toEqual([
      ['authz-observed-caller-denied', 'edge/api-gateway'],
    ]);
    expect(r.flows).toEqual([
      expect.objectContaining({
        source: 'istio-system/istio-ingressgateway',
        destination: 'edge/api-gateway',
        outcome: 'restored',
        cause: 'authz-allows',
        rate: 4988,
      }),
    ]);
    expect(r.breaking.flows).toBe(0);
  });

  it('proposes a least-privilege policy for api-gateway that breaks nothing observed', () => {
    const proposal = proposeAuthorization(
      { objects, metrics: demoMetrics, now: NOW },
      'edge/api-gateway',
    );
    expect(proposal.principals).toEqual([
      'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
      'cluster.local/ns/tools/sa/retool',
    ]);
    expect(proposal.unauthenticatedCallers).toEqual([]);
    expect(proposal.simulation.breaking).toEqual({ flows: 0, rate: 0 });
    expect(proposal.yaml).toContain('name: api-gateway-least-privilege');
  });

  it('refuses to propose for a workload that does not exist', () => {
    expect(() =>
      proposeAuthorization(
        { objects, metrics: demoMetrics, now: NOW },
        'legacy/nothing',
      ),
    ).toThrow('no workload legacy/nothing');
  });
});
