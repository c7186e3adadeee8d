import { DEFAULT_HEALTH_THRESHOLDS } from '@mesh-security/plugin-mesh-security-common';
import type {
  MeshMetrics,
  MeshReport,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { parse } from 'yaml';
import { evaluateTraffic } from './index';
import { chain, flow, identity, metrics, report, workload } from './testing';

const ORDERS = 'spiffe://cluster.local/ns/shop/sa/order-service';

const permissive = (key: string, overrides: Partial<WorkloadPosture> = {}) =>
  workload(key, {
    mtlsMode: 'PERMISSIVE',
    decidedBy: `${key.split('/')[0]}/default`,
    decisionChain: chain(
      ['mesh', 'istio-system/default', 'STRICT'],
      ['namespace', `${key.split('/')[0]}/default`, 'PERMISSIVE'],
    ),
    ...overrides,
  });

const strictReady = (r: MeshReport, m: MeshMetrics, min = 100) =>
  evaluateTraffic({
    report: r,
    metrics: m,
    healthThresholds: DEFAULT_HEALTH_THRESHOLDS,
    strictReadyMinRequests: min,
  }).findings.filter(f => f.rule === 'strict-ready');

describe('strict-ready', () => {
  const only = report([
    permissive('comms/notify'),
    workload('shop/order-service'),
  ]);

  it('fires at the minimum volume, not below it', () => {
    expect(
      strictReady(
        only,
        metrics({ identities: [identity('comms/notify', ORDERS, 99)] }),
      ),
    ).toEqual([]);
    const [finding] = strictReady(
      only,
      metrics({
        identities: [
          identity('comms/notify', ORDERS, 60),
          identity('comms/notify', ORDERS, 40),
        ],
      }),
    );
    expect(finding).toMatchObject({
      rule: 'strict-ready',
      severity: 'info',
      subject: 'comms/notify',
      detail: { calls: 100 },
    });
    expect(finding.reason).toContain('24h');
  });

  it('does not fire when any observed call was not mutual TLS', () => {
    const m = metrics({
      identities: [
        identity('comms/notify', ORDERS, 10_000),
        identity('comms/notify', 'unknown', 1, 'none'),
      ],
    });
    expect(strictReady(only, m)).toEqual([]);
  });

  it('does not fire while the short window shows plaintext to the workload', () => {
    const m = metrics({
      identities: [identity('comms/notify', ORDERS, 10_000)],
      flows: [
        flow('unknown/unknown', 'comms/notify', 'destination', 'none', 1),
      ],
    });
    expect(strictReady(only, m)).toEqual([]);
  });

  it('ignores STRICT, ambient and root-namespace workloads', () => {
    const r = report([
      workload('comms/notify', { mtlsMode: 'STRICT' }),
      workload('comms/ztun', { dataplane: 'ambient', mtlsMode: 'PERMISSIVE' }),
      permissive('istio-system/istio-ingressgateway'),
    ]);
    const m = metrics({
      identities: [
        'comms/notify',
        'comms/ztun',
        'istio-system/istio-ingressgateway',
      ].map(k => identity(k, ORDERS, 1000)),
    });
    expect(strictReady(r, m)).toEqual([]);
  });

  it('proposes the namespace policy, reusing its name, when the whole namespace is ready', () => {
    const r = report([
      permissive('comms/notify'),
      permissive('comms/mailer'),
      workload('comms/sms', { mtlsMode: 'STRICT' }),
      workload('comms/cron', { dataplane: 'none' }),
    ]);
    const m = metrics({
      identities: [
        identity('comms/notify', ORDERS, 500),
        identity('comms/mailer', ORDERS, 500),
      ],
    });
    const findings = strictReady(r, m);
    expect(findings.map(f => f.subject)).toEqual([
      'comms/mailer',
      'comms/notify',
    ]);
    expect(parse(findings[1].remediation!)).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'comms' },
      spec: { mtls: { mode: 'STRICT' } },
    });
  });

  it('proposes a workload policy selected by app when a neighbour is not ready', () => {
    const r = report([
      permissive('comms/notify', {
        labels: {
          app: 'notify',
          version: 'v1',
          'pod-template-hash': 'abc',
          'security.istio.io/tlsMode': 'istio',
        },
      }),
      permissive('comms/mailer', { labels: { app: 'mailer' } }),
    ]);
    const [finding] = strictReady(
      r,
      metrics({ identities: [identity('comms/notify', ORDERS, 500)] }),
    );
    expect(finding.detail?.scope).toBe('workload');
    expect(parse(finding.remediation!)).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'notify', namespace: 'comms' },
      spec: {
        selector: { matchLabels: { app: 'notify' } },
        mtls: { mode: 'STRICT' },
      },
    });
  });

  it('widens the selector when another workload shares the app label, and patches an existing workload policy', () => {
    const r = report([
      permissive('comms/notify-v2', {
        labels: { app: 'notify', version: 'v2', 'pod-template-hash': 'abc' },
        decisionChain: chain(
          ['mesh', 'istio-system/default', 'STRICT'],
          ['workload', 'comms/notify-permissive', 'PERMISSIVE'],
        ),
      }),
      permissive('comms/notify-v1', {
        labels: { app: 'notify', version: 'v1' },
      }),
    ]);
    const [finding] = strictReady(
      r,
      metrics({ identities: [identity('comms/notify-v2', ORDERS, 500)] }),
    );
    expect(parse(finding.remediation!)).toMatchObject({
      metadata: { name: 'notify-permissive', namespace: 'comms' },
      spec: { selector: { matchLabels: { app: 'notify', version: 'v2' } } },
    });
  });

  it('stays workload-scoped when the ready workload has its own policy, even if the namespace is ready', () => {
    const r = report([
      permissive('comms/notify', {
        decisionChain: chain(
          ['mesh', 'istio-system/default', 'STRICT'],
          ['workload', 'comms/notify-mtls', 'PERMISSIVE'],
        ),
      }),
    ]);
    const [finding] = strictReady(
      r,
      metrics({ identities: [identity('comms/notify', ORDERS, 500)] }),
    );
    expect(finding.detail?.scope).toBe('workload');
    expect(parse(finding.remediation!).metadata.name).toBe('notify-mtls');
  });
});
