import { finding, report, snapshot, workload } from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { strictMigration } from './strictMigration';

const permissive = { mtlsMode: 'PERMISSIVE' as const, decidedBy: null };
const traffic = {
  traffic: {
    window: '5m',
    longWindow: '24h',
    collectedAt: '2025-06-01T00:00:00.000Z',
    totalRps: 10,
    mtlsShare: 1,
    plaintextFlows: 0,
  },
};

const NAMESPACE_STRICT =
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n';
const WORKLOAD_STRICT =
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: cart\n  mtls:\n    mode: STRICT\n';

const owners = new Map([
  [
    'prod\u0000legacy/batch',
    {
      entityRef: 'component:default/batch',
      owners: ['group:default/data-team'],
    },
  ],
  [
    'prod\u0000shop/cart',
    {
      entityRef: 'component:default/cart',
      owners: ['group:default/commerce-team'],
    },
  ],
]);
const lookup = (cluster: string, w: string) =>
  owners.get(`${cluster}\u0000${w}`);

describe('strictMigration', () => {
  it('names the plaintext callers that block a namespace, with their owners, and offers no namespace-wide policy', () => {
    const view = indexSnapshot(
      'r',
      snapshot({
        prod: report(
          [
            workload('shop/cart', permissive),
            workload('shop/orders', permissive),
            workload('shop/web'),
            workload('legacy/batch', {
              inMesh: false,
              dataplane: 'none',
              mtlsMode: 'NONE',
            }),
          ],
          [
            finding('strict-ready', 'info', 'shop/cart', {
              detail: { calls: 500, scope: 'workload' },
              remediation: WORKLOAD_STRICT,
            }),
            finding('plaintext-traffic-observed', 'high', 'shop/orders', {
              detail: { callers: ['legacy/batch'], callersTotal: 3 },
            }),
          ],
          traffic,
        ),
      }),
    );
    const [shop, legacy] = strictMigration(view, lookup).namespaces;
    expect(shop).toMatchObject({
      cluster: 'prod',
      namespace: 'shop',
      state: 'blocked',
      blockers: ['shop/orders'],
    });
    expect(shop.safeToApply).toBeUndefined();
    expect(shop.workloads.map(w => [w.workload, w.state])).toEqual([
      ['shop/cart', 'ready'],
      ['shop/orders', 'blocked'],
      ['shop/web', 'strict'],
    ]);
    expect(shop.workloads[0]).toMatchObject({
      remediation: WORKLOAD_STRICT,
      entity: { entityRef: 'component:default/cart' },
    });
    expect(shop.workloads[1]).toMatchObject({
      plaintextCallers: [
        {
          workload: 'legacy/batch',
          entity: {
            entityRef: 'component:default/batch',
            owners: ['group:default/data-team'],
          },
        },
      ],
      moreCallers: 2,
    });
    expect(legacy).toMatchObject({
      namespace: 'legacy',
      state: 'outside-mesh',
      blockers: [],
    });
  });

  it('offers the namespace-wide STRICT of the engine when nothing blocks', () => {
    const view = indexSnapshot(
      'r',
      snapshot({
        prod: report(
          [workload('shop/cart', permissive), workload('shop/web')],
          [
            finding('strict-ready', 'info', 'shop/cart', {
              detail: { calls: 500, scope: 'namespace' },
              remediation: NAMESPACE_STRICT,
            }),
          ],
          traffic,
        ),
      }),
    );
    const [shop] = strictMigration(view, lookup).namespaces;
    expect(shop).toMatchObject({
      state: 'ready',
      safeToApply: NAMESPACE_STRICT,
      blockers: [],
    });
    // the namespace-wide policy is the namespace's, not repeated per workload
    expect(shop.workloads[0].remediation).toBeUndefined();
  });

  it('counts a workload not proven ready as blocking, and says why', () => {
    const view = indexSnapshot(
      'r',
      snapshot({
        prod: report([workload('shop/cart', permissive), workload('shop/web')]),
      }),
    );
    const result = strictMigration(view, lookup);
    expect(result.trafficJudged).toBe(false);
    expect(result.namespaces[0]).toMatchObject({
      state: 'blocked',
      blockers: ['shop/cart'],
    });
    expect(result.namespaces[0].workloads[0]).toMatchObject({
      state: 'unproven',
      reason: 'No traffic metrics: nothing shows that its callers use mTLS.',
    });
  });

  it('leaves out control-plane workloads and lists blocked namespaces first', () => {
    const view = indexSnapshot(
      'r',
      snapshot({
        prod: report(
          [
            workload('istio-system/istiod', {
              coverageExcluded: 'control-plane',
            }),
            workload('a/ok'),
            workload('z/late', permissive),
          ],
          [],
          traffic,
        ),
      }),
    );
    expect(
      strictMigration(view, lookup).namespaces.map(n => [n.namespace, n.state]),
    ).toEqual([
      ['z', 'blocked'],
      ['a', 'strict'],
    ]);
  });
});
