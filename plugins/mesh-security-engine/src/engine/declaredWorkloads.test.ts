import {
  controller,
  deployment,
  destinationRule,
  evaluate,
  findings,
  namespace,
  peerAuthentication,
  service,
  serviceAccount,
} from './__testUtils__/builders';

/** Bookinfo as a team keeps it in Git: Deployments, Services, accounts, no Pods. */
function bookinfo() {
  const apps: Array<[string, string, string]> = [
    ['details-v1', 'details', 'bookinfo-details'],
    ['ratings-v1', 'ratings', 'bookinfo-ratings'],
    ['reviews-v1', 'reviews', 'bookinfo-reviews'],
    ['reviews-v2', 'reviews', 'bookinfo-reviews'],
    ['reviews-v3', 'reviews', 'bookinfo-reviews'],
    ['productpage-v1', 'productpage', 'bookinfo-productpage'],
  ];
  return [
    namespace('default', { 'istio-injection': 'enabled' }),
    peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
    ...[...new Set(apps.map(a => a[1]))].map(app =>
      service('default', app, { app }, [{ port: 9080, name: 'http' }]),
    ),
    ...[...new Set(apps.map(a => a[2]))].map(sa =>
      serviceAccount('default', sa),
    ),
    ...apps.map(([name, app, sa]) =>
      controller('Deployment', 'default', name, {
        labels: { app, version: name.slice(app.length + 1) },
        serviceAccount: sa,
        ports: [9080],
        noNamespace: true,
      }),
    ),
    ...['details', 'ratings', 'reviews', 'productpage'].map(app =>
      destinationRule('default', app, app, { tls: 'ISTIO_MUTUAL' }),
    ),
  ];
}

describe('declared workloads (controllers without Pods)', () => {
  it('judges Bookinfo from its templates: six sidecar workloads, STRICT, no finding', () => {
    const report = evaluate(bookinfo());
    expect(Object.keys(report.workloads).sort()).toEqual([
      'default/details-v1',
      'default/productpage-v1',
      'default/ratings-v1',
      'default/reviews-v1',
      'default/reviews-v2',
      'default/reviews-v3',
    ]);
    for (const w of Object.values(report.workloads)) {
      expect(w).toMatchObject({
        kind: 'Deployment',
        declared: true,
        pods: [],
        dataplane: 'sidecar',
        mtlsMode: 'STRICT',
        decidedBy: 'istio-system/default',
      });
    }
    expect(report.workloads['default/reviews-v2'].serviceAccounts).toEqual([
      'bookinfo-reviews',
    ]);
    expect(report.coverage).toMatchObject({
      workloads: 6,
      meshed: 6,
      strict: 6,
    });
    expect(report.findings).toEqual([]);
    const reviews = report.services.find(s => s.service === 'default/reviews')!;
    expect(reviews.workloads).toEqual([
      'default/reviews-v1',
      'default/reviews-v2',
      'default/reviews-v3',
    ]);
    expect(reviews.clients[0]).toMatchObject({
      destinationRule: 'default/reviews',
      clientTls: 'ISTIO_MUTUAL',
      outcome: 'mtls',
    });
  });

  it('evaluates every controller kind, a CronJob by its own name', () => {
    const ns = namespace('jobs', { 'istio-injection': 'enabled' });
    const report = evaluate([
      ns,
      controller('StatefulSet', 'jobs', 'db'),
      controller('DaemonSet', 'jobs', 'agent'),
      controller('ReplicaSet', 'jobs', 'bare-rs'),
      controller('Job', 'jobs', 'migrate'),
      controller('CronJob', 'jobs', 'nightly'),
    ]);
    expect(
      Object.values(report.workloads).map(w => [w.name, w.kind, w.dataplane]),
    ).toEqual([
      ['agent', 'DaemonSet', 'sidecar'],
      ['bare-rs', 'ReplicaSet', 'sidecar'],
      ['db', 'StatefulSet', 'sidecar'],
      ['migrate', 'Job', 'sidecar'],
      ['nightly', 'CronJob', 'sidecar'],
    ]);
  });

  it('lets the Pods decide when they are in the input', () => {
    const report = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      // the template would be injected, but the running pod has no proxy
      controller('Deployment', 'shop', 'cart'),
      ...deployment('shop', 'cart'),
    ]);
    expect(report.workloads['shop/cart']).toMatchObject({
      dataplane: 'none',
      pods: ['cart-5d8f7c9b4-x7k2p'],
    });
    expect(report.workloads['shop/cart'].declared).toBeUndefined();
    expect(findings(report, 'pod-missing-proxy')).toHaveLength(1);
  });

  it('skips owned ReplicaSets and Jobs and finished Jobs', () => {
    const owned = controller('ReplicaSet', 'a', 'web-5d8f7c9b4');
    (owned.metadata as any).ownerReferences = [
      { kind: 'Deployment', name: 'web', controller: true },
    ];
    const done = controller('Job', 'a', 'once');
    (done as any).status = {
      conditions: [{ type: 'Complete', status: 'True' }],
    };
    const report = evaluate([
      namespace('a', { 'istio-injection': 'enabled' }),
      controller('Deployment', 'a', 'web'),
      owned,
      done,
    ]);
    expect(Object.keys(report.workloads)).toEqual(['a/web']);
  });

  it('applies the injection rules to templates: opt-out, outside the mesh, hostNetwork; never pod-missing-proxy', () => {
    const report = evaluate([
      namespace('on', { 'istio-injection': 'enabled' }),
      namespace('off'),
      controller('Deployment', 'on', 'opted-out', {
        labels: { 'sidecar.istio.io/inject': 'false' },
      }),
      controller('Deployment', 'on', 'host', { hostNetwork: true }),
      controller('Deployment', 'off', 'plain'),
      controller('Deployment', 'off', 'asks', {
        labels: { 'sidecar.istio.io/inject': 'true' },
      }),
    ]);
    expect(report.workloads['on/opted-out'].dataplane).toBe('none');
    expect(report.workloads['off/asks'].dataplane).toBe('sidecar');
    expect(findings(report, 'injection-opt-out').map(f => f.subject)).toEqual([
      'on/opted-out',
    ]);
    expect(findings(report, 'host-network-pod').map(f => f.subject)).toEqual([
      'on/host',
    ]);
    expect(
      findings(report, 'workload-outside-mesh').map(f => f.subject),
    ).toEqual(['off/plain']);
    expect(findings(report, 'pod-missing-proxy')).toEqual([]);
  });

  it('says when the namespace is not in the input', () => {
    const report = evaluate([controller('Deployment', 'shop', 'cart')]);
    const [finding] = findings(report, 'workload-outside-mesh');
    expect(finding.subject).toBe('shop/cart');
    expect(finding.reason).toContain('namespace shop is not in the input');
  });

  it('counts a template service account as existing (authz-unknown-principal)', () => {
    const report = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      controller('Deployment', 'shop', 'cart', { serviceAccount: 'cart' }),
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'p', namespace: 'shop' },
        spec: {
          rules: [
            {
              from: [
                {
                  source: {
                    principals: [
                      'cluster.local/ns/shop/sa/cart',
                      'cluster.local/ns/shop/sa/nobody',
                    ],
                  },
                },
              ],
            },
          ],
        },
      },
    ]);
    expect(
      findings(report, 'authz-unknown-principal').map(f => f.detail?.grants),
    ).toEqual([['cluster.local/ns/shop/sa/nobody']]);
  });
});
