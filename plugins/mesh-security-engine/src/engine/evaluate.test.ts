import {
  SEVERITIES,
  type KubeObject,
  type MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import { selfSignedPem } from './__testUtils__/certs';
import {
  NOW,
  authorizationPolicy,
  deployment,
  destinationRule,
  evaluate,
  namespace,
  peerAuthentication,
  pod,
  rootCertConfigMap,
  service,
  serviceAccount,
  type Objects,
} from './__testUtils__/builders';
import { evaluateMesh } from './evaluate';
import { sortFindings } from './findings/sink';
import { evaluateTraffic } from './traffic';

/** The demo mesh of examples/mesh (README.md, "The demo mesh"). */
function referenceScenario(): Objects[] {
  const injected = { 'istio-injection': 'enabled' };
  const component = (
    ns: string,
    name: string,
    sidecar: boolean,
    labels: Record<string, string> = {},
  ) =>
    deployment(ns, name, {
      sidecar,
      labels: { 'backstage.io/kubernetes-id': name, ...labels },
    });
  const gatewayRule = (
    principal: string,
    methods: string[],
    paths: string[],
  ) => ({
    from: [{ source: { principals: [principal] } }],
    to: [{ operation: { methods, paths } }],
  });
  return [
    namespace('istio-system'),
    namespace('edge', injected),
    namespace('shop', injected),
    namespace('payments', injected),
    namespace('comms', injected),
    namespace('legacy'),
    namespace('tools'),
    component('edge', 'api-gateway', true),
    component('shop', 'user-service', true),
    component('shop', 'order-service', true),
    component('payments', 'payment-service', true),
    component('comms', 'notification-svc', true),
    component('legacy', 'legacy-service', false),
    component('tools', 'retool', true, { 'sidecar.istio.io/inject': 'true' }),
    ...[
      'api-gateway:edge',
      'user-service:shop',
      'order-service:shop',
      'payment-service:payments',
      'notification-svc:comms',
      'legacy-service:legacy',
      'retool:tools',
    ].map(s => {
      const [name, ns] = s.split(':');
      return [serviceAccount(ns, name), service(ns, name, { app: name })];
    }),
    serviceAccount('shop', 'admin-service'),
    peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
    peerAuthentication('payments', 'default', { mode: 'STRICT' }),
    peerAuthentication('comms', 'default', { mode: 'PERMISSIVE' }),
    destinationRule(
      'edge',
      'api-gateway',
      'api-gateway.edge.svc.cluster.local',
      { tls: 'ISTIO_MUTUAL' },
    ),
    authorizationPolicy('edge', 'api-gateway', {
      selector: { matchLabels: { app: 'api-gateway' } },
      action: 'ALLOW',
      rules: [
        gatewayRule(
          'cluster.local/ns/shop/sa/frontend',
          ['GET', 'POST'],
          ['/api/*'],
        ),
        gatewayRule(
          'cluster.local/ns/shop/sa/admin-service',
          ['GET', 'POST', 'PUT', 'DELETE'],
          ['/api/admin/*'],
        ),
        gatewayRule(
          'cluster.local/ns/tools/sa/retool',
          ['GET', 'POST'],
          ['/api/v1/users/*', '/api/v1/orders/*'],
        ),
      ],
    }),
  ];
}

describe('evaluateMesh', () => {
  const rootPem = selfSignedPem(new Date(NOW.getTime() + 5 * 365 * 86_400_000));

  it('computes the reference scenario', () => {
    const r = evaluate([
      referenceScenario(),
      rootCertConfigMap('istio-system', rootPem),
    ]);
    expect(r.evaluatedAt).toBe(NOW.toISOString());
    const mode = (k: string) => [
      r.workloads[k].dataplane,
      r.workloads[k].mtlsMode,
      r.workloads[k].decidedBy,
    ];
    expect(mode('payments/payment-service')).toEqual([
      'sidecar',
      'STRICT',
      'payments/default',
    ]);
    expect(
      r.workloads['payments/payment-service'].decisionChain.map(s => s.policy),
    ).toEqual([null, 'istio-system/default', 'payments/default']);
    expect(mode('comms/notification-svc')).toEqual([
      'sidecar',
      'PERMISSIVE',
      'comms/default',
    ]);
    expect(mode('legacy/legacy-service')).toEqual(['none', 'NONE', null]);
    expect(mode('tools/retool')).toEqual([
      'sidecar',
      'STRICT',
      'istio-system/default',
    ]);
    expect(r.coverage).toMatchObject({ workloads: 7, meshed: 6, strict: 5 });
    expect(r.coverage.byNamespace.legacy).toEqual({
      workloads: 1,
      meshed: 0,
      strict: 0,
    });
    expect(r.workloads['edge/api-gateway'].authorization.stance).toBe(
      'restricted',
    );
    expect(r.workloads['edge/api-gateway'].authorization.allow).toHaveLength(3);
    expect(r.findings.map(f => [f.rule, f.subject, f.severity])).toEqual([
      ['authz-unknown-principal', 'edge/api-gateway', 'medium'],
      ['workload-outside-mesh', 'legacy/legacy-service', 'medium'],
      ['mtls-permissive', 'comms/notification-svc', 'low'],
    ]);
    expect(r.findings[0].detail?.grant).toBe(
      'cluster.local/ns/shop/sa/frontend',
    );
    const legacy = r.services.find(s => s.service === 'legacy/legacy-service')!;
    expect(legacy.clients).toEqual([
      expect.objectContaining({
        clientNamespace: '*',
        outcome: 'plaintext',
        serverMode: 'NONE',
      }),
    ]);
    const gw = r.services.find(s => s.service === 'edge/api-gateway')!;
    expect(gw.clients).toEqual([
      expect.objectContaining({
        clientNamespace: '*',
        destinationRule: 'edge/api-gateway',
        clientTls: 'ISTIO_MUTUAL',
        outcome: 'mtls',
      }),
    ]);
    expect(r.rootCertNotAfter).toBeDefined();
    expect(r.warnings).toEqual([]);
    expect(r.traffic).toBeUndefined();
  });

  it('sorts findings by severity, then subject', () => {
    const r = evaluate([
      namespace('b', { 'istio-injection': 'enabled' }),
      namespace('a', { 'istio-injection': 'enabled' }),
      deployment('b', 'x', { sidecar: true }),
      deployment('a', 'y', { sidecar: true }),
      deployment('a', 'z'),
      peerAuthentication('a', 'dup', { mode: 'PERMISSIVE', created: 3 }),
      peerAuthentication('a', 'first', { mode: 'PERMISSIVE', created: 1 }),
      authorizationPolicy('b', 'open', { rules: [{}] }),
    ]);
    const rank = (s: string) => SEVERITIES.indexOf(s as any);
    expect(r.findings.length).toBeGreaterThan(4);
    for (let i = 1; i < r.findings.length; i++) {
      const [a, b] = [r.findings[i - 1], r.findings[i]];
      expect(
        rank(a.severity) < rank(b.severity) ||
          (a.severity === b.severity && a.subject <= b.subject),
      ).toBe(true);
    }
    expect(r.findings[0]).toMatchObject({
      rule: 'pod-missing-proxy',
      severity: 'high',
      subject: 'a/z',
    });
    const keys = r.findings.map(f => `${f.rule}|${f.subject}|${f.port ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('merges traffic evaluation when metrics are given', () => {
    const objects = [referenceScenario()];
    const metrics: MeshMetrics = {
      collectedAt: NOW.toISOString(),
      window: '5m',
      longWindow: '24h',
      flows: [
        {
          reporter: 'destination',
          sourceNamespace: 'edge',
          sourceWorkload: 'api-gateway',
          destinationNamespace: 'shop',
          destinationWorkload: 'user-service',
          protocol: 'http',
          security: 'mutual_tls',
          rate: 2000,
          errorRate: 2,
        },
        {
          reporter: 'source',
          sourceNamespace: 'shop',
          sourceWorkload: 'order-service',
          destinationNamespace: 'legacy',
          destinationWorkload: 'legacy-service',
          protocol: 'http',
          security: 'unknown',
          rate: 200,
          errorRate: 3,
        },
        {
          reporter: 'destination',
          sourceNamespace: 'unknown',
          sourceWorkload: 'unknown',
          destinationNamespace: 'comms',
          destinationWorkload: 'notification-svc',
          protocol: 'http',
          security: 'none',
          rate: 5,
          errorRate: 0,
        },
      ],
      latencies: [],
      identities: [],
    };
    const base = evaluate(objects);
    const withMetrics =
      evaluate([...objects], { strictReadyMinRequests: 10 }) &&
      evaluateMesh({
        objects: objects.flat(Infinity as 1) as KubeObject[],
        metrics,
        now: NOW,
        options: { strictReadyMinRequests: 10 },
      });
    const expected = evaluateTraffic({
      report: base,
      metrics,
      healthThresholds: { warn: 0.01, crit: 0.05 },
      strictReadyMinRequests: 10,
    });
    expect(withMetrics.traffic).toEqual(expected.mesh);
    expect(withMetrics.workloads['shop/user-service'].traffic).toEqual(
      expected.workloads['shop/user-service'],
    );
    expect(expected.findings.length).toBeGreaterThan(0);
    expect(withMetrics.findings).toEqual(
      sortFindings([...base.findings, ...expected.findings]),
    );
    expect(base.workloads['shop/user-service'].traffic).toBeUndefined();
  });

  it('skips unreadable objects with a warning and ignores unknown kinds', () => {
    const odd: unknown[] = [
      null,
      'text',
      {},
      { kind: 'Pod' },
      { kind: 'Pod', metadata: { name: 'nospec', namespace: 'shop' } },
      {
        kind: 'Pod',
        metadata: { name: 'weird', namespace: 'shop', labels: 'x' },
        spec: { containers: 'oops', hostNetwork: 'yes' },
      },
      {
        kind: 'Service',
        metadata: { name: 's', namespace: 'shop' },
        spec: { selector: { app: 'weird' }, ports: 'x' },
      },
      {
        kind: 'Gateway',
        apiVersion: 'networking.istio.io/v1',
        metadata: { name: 'gw', namespace: 'shop' },
      },
      {
        kind: 'Deployment',
        apiVersion: 'example.com/v1',
        metadata: { name: 'not-apps' },
      },
      {
        kind: 'PeerAuthentication',
        apiVersion: 'security.istio.io/v1',
        metadata: { name: 'typo', namespace: 'shop' },
        spec: {
          mtls: { mode: 'STRICTT' },
          portLevelMtls: { abc: { mode: 'STRICT' } },
        },
      },
      {
        kind: 'PeerAuthentication',
        apiVersion: 'security.istio.io/v1',
        metadata: { name: 'nullspec', namespace: 'shop' },
        spec: null,
      },
      {
        kind: 'DestinationRule',
        apiVersion: 'networking.istio.io/v1',
        metadata: { name: 'nohost', namespace: 'shop' },
        spec: {},
      },
      {
        kind: 'DestinationRule',
        apiVersion: 'networking.istio.io/v1',
        metadata: { name: 'badtls', namespace: 'shop' },
        spec: {
          host: '*',
          trafficPolicy: { tls: { mode: 'FOO' }, portLevelSettings: 'x' },
          subsets: [null, { labels: {} }],
        },
      },
      {
        kind: 'AuthorizationPolicy',
        apiVersion: 'security.istio.io/v1',
        metadata: { name: 'maybe', namespace: 'shop' },
        spec: { action: 'MAYBE' },
      },
      {
        kind: 'AuthorizationPolicy',
        apiVersion: 'security.istio.io/v1',
        metadata: { name: 'oddrules', namespace: 'shop' },
        spec: {
          rules: [
            null,
            {
              from: 'x',
              to: [{ operation: { ports: [8080, 'http'] } }],
              when: [{ values: ['a'] }],
            },
          ],
        },
      },
      {
        kind: 'ConfigMap',
        metadata: { name: 'istio', namespace: 'istio-system' },
        data: { mesh: 42 },
      },
      {
        kind: 'List',
        items: [
          {
            kind: 'Namespace',
            metadata: {
              name: 'listed',
              labels: { 'istio-injection': 'enabled' },
            },
          },
        ],
      },
      pod('shop', 'ok', { sidecar: true }),
    ];
    const r = evaluateMesh({ objects: odd as KubeObject[], now: NOW });
    expect(r.workloads['shop/ok'].dataplane).toBe('sidecar');
    expect(r.workloads['shop/weird']).toMatchObject({
      dataplane: 'none',
      ports: [],
    });
    expect(r.workloads['shop/ok'].mtlsMode).toBe('PERMISSIVE');
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        'object #0 skipped: not an object',
        'object #2 skipped: no kind',
        'Pod #3 skipped: no metadata.name',
        'Pod shop/nospec skipped: no spec',
        expect.stringMatching(
          /PeerAuthentication shop\/typo: unknown mTLS mode "STRICTT"/,
        ),
        expect.stringMatching(
          /PeerAuthentication shop\/typo: portLevelMtls key "abc"/,
        ),
        'DestinationRule shop/nohost skipped: no spec.host',
        expect.stringMatching(
          /DestinationRule shop\/badtls: unknown tls.mode "FOO"/,
        ),
        'AuthorizationPolicy shop/maybe skipped: unknown action "MAYBE"',
        expect.stringMatching(
          /ConfigMap istio-system\/istio: key "mesh" is not a YAML mapping/,
        ),
      ]),
    );
    expect(r.findings.some(f => f.subject === '/listed')).toBe(false);
    expect(() => JSON.stringify(r)).not.toThrow();
  });

  it('rejects input that is not an object list or has no valid time', () => {
    expect(() => evaluateMesh({ objects: null as any, now: NOW })).toThrow(
      /input.objects must be an array/,
    );
    expect(() => evaluateMesh({ objects: [], now: new Date('nope') })).toThrow(
      /input.now must be a valid Date/,
    );
  });

  it('stops on malformed metrics with a message naming the field', () => {
    const objects = referenceScenario().flat(Infinity as 1) as KubeObject[];
    const metrics = (flows: unknown[]) =>
      ({
        collectedAt: NOW.toISOString(),
        window: '5m',
        longWindow: '24h',
        flows,
        latencies: [],
        identities: [],
      } as MeshMetrics);
    const sample = {
      reporter: 'destination',
      sourceNamespace: 'edge',
      sourceWorkload: 'api-gateway',
      destinationNamespace: 'shop',
      destinationWorkload: 'user-service',
      protocol: 'http',
      security: 'mutual_tls',
      rate: 10,
      errorRate: 0,
    };
    const run = (m: MeshMetrics) => () =>
      evaluateMesh({ objects, metrics: m, now: NOW });
    expect(run(metrics([sample]))).not.toThrow();
    expect(run(metrics([{ ...sample, rate: -1 }]))).toThrow(
      'Invalid mesh metrics: flows[0].rate: expected a non-negative number, got -1',
    );
    expect(run(metrics([{ ...sample, errorrate: 1 }]))).toThrow(
      'Invalid mesh metrics: flows[0].errorrate: unknown field',
    );
    expect(run({ ...metrics([]), identities: undefined as any })).toThrow(
      'Invalid mesh metrics: identities: missing (expected a list)',
    );
  });

  it('counts coverage per namespace without hostNetwork and system workloads', () => {
    const r = evaluate([
      namespace('a', { 'istio-injection': 'enabled' }),
      namespace('b'),
      deployment('a', 'strict', { sidecar: true }),
      deployment('a', 'open', { sidecar: true }),
      deployment('b', 'plain'),
      pod('b', 'node-agent', { hostNetwork: true }),
      deployment('istio-system', 'istio-ingressgateway', { sidecar: true }),
      peerAuthentication('a', 'strict', {
        selector: { app: 'strict' },
        mode: 'STRICT',
      }),
    ]);
    expect(r.coverage).toEqual({
      workloads: 3,
      meshed: 2,
      strict: 1,
      byNamespace: {
        a: { workloads: 2, meshed: 2, strict: 1 },
        b: { workloads: 1, meshed: 0, strict: 0 },
      },
    });
  });
});
