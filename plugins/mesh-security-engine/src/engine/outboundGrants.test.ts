import {
  MAY_CALL_LIMIT,
  type MeshReport,
  type OutboundGrant,
} from '@mesh-security/plugin-mesh-security-common';
import {
  authorizationPolicy,
  deployment,
  evaluate,
  meshConfig,
  namespace,
  peerAuthentication,
  type Objects,
} from './__testUtils__/builders';
import { outboundGrants } from './outboundGrants';

/**
 * tools/retool (service account retool) and tools/metabase calling into
 * edge/api-gateway and the shop namespace; shop/batch has no sidecar.
 */
function mesh(extra: Objects[] = []): Objects[] {
  return [
    namespace('edge', { 'istio-injection': 'enabled' }),
    namespace('shop', { 'istio-injection': 'enabled' }),
    namespace('tools', { 'istio-injection': 'enabled' }),
    deployment('edge', 'api-gateway', { sidecar: true }),
    deployment('shop', 'orders', { sidecar: true }),
    deployment('shop', 'users', { sidecar: true }),
    deployment('shop', 'batch'),
    deployment('tools', 'retool', { sidecar: true }),
    deployment('tools', 'metabase', { sidecar: true }),
    peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
    ...extra,
  ];
}

const onGateway = (
  source: Record<string, unknown>,
  o: { action?: string; to?: unknown[]; when?: unknown[] } = {},
) => ({
  selector: { matchLabels: { app: 'api-gateway' } },
  action: o.action ?? 'ALLOW',
  rules: [
    {
      from: [{ source }],
      ...(o.to ? { to: o.to } : {}),
      ...(o.when ? { when: o.when } : {}),
    },
  ],
});

/** target, policy, via and grant of each entry: what most cases check. */
const brief = (report: MeshReport, workload: string) =>
  (report.workloads[workload].mayCall ?? []).map(
    g => `${g.action} ${g.target} ${g.policy} ${g.via} ${g.grant}`,
  );

describe('outbound grants (mayCall)', () => {
  it('lists the operations a principal grant allows, with the rule it comes from', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy(
          'edge',
          'allow-retool',
          onGateway(
            { principals: ['cluster.local/ns/tools/sa/retool'] },
            {
              to: [
                {
                  operation: {
                    methods: ['GET', 'POST'],
                    paths: ['/api/v1/users/*', '/api/v1/orders/*'],
                    ports: ['8080'],
                  },
                },
              ],
              when: [{ key: 'request.headers[x-team]', values: ['ops'] }],
            },
          ),
        ),
      ]),
    );
    expect(r.workloads['tools/retool'].mayCall).toEqual<OutboundGrant[]>([
      {
        target: 'edge/api-gateway',
        policy: 'edge/allow-retool',
        ruleIndex: 0,
        action: 'ALLOW',
        via: 'principal',
        grant: 'cluster.local/ns/tools/sa/retool',
        to: [
          {
            methods: ['GET', 'POST'],
            paths: ['/api/v1/users/*', '/api/v1/orders/*'],
            ports: ['8080'],
          },
        ],
        when: [{ key: 'request.headers[x-team]', values: ['ops'] }],
        dryRun: false,
      },
    ]);
    expect(r.workloads['tools/metabase'].mayCall).toEqual([]);
    expect(r.workloads['edge/api-gateway'].mayCall).toEqual([]);
  });

  it('resolves a namespace grant to every meshed workload of the namespace, one entry per target', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy('shop', 'from-tools', {
          action: 'ALLOW',
          rules: [
            { from: [{ source: { namespaces: ['edge'] } }] },
            { from: [{ source: { namespaces: ['tools'] } }] },
          ],
        }),
      ]),
    );
    const expected = [
      'ALLOW shop/orders shop/from-tools namespace tools',
      'ALLOW shop/users shop/from-tools namespace tools',
    ];
    expect(brief(r, 'tools/retool')).toEqual(expected);
    expect(brief(r, 'tools/metabase')).toEqual(expected);
    expect(r.workloads['tools/retool'].mayCall!.map(g => g.ruleIndex)).toEqual([
      1, 1,
    ]);
    // shop/batch has no proxy: its copy of the policy is not enforced
    expect(brief(r, 'edge/api-gateway')).toEqual([
      'ALLOW shop/orders shop/from-tools namespace edge',
      'ALLOW shop/users shop/from-tools namespace edge',
    ]);
  });

  it("does not list a workload's own policy, and gives a workload without a proxy no identity", () => {
    const r = evaluate(
      mesh([
        authorizationPolicy('shop', 'same-namespace', {
          action: 'ALLOW',
          rules: [{ from: [{ source: { namespaces: ['shop'] } }] }],
        }),
      ]),
    );
    expect(brief(r, 'shop/orders')).toEqual([
      'ALLOW shop/users shop/same-namespace namespace shop',
    ]);
    expect(brief(r, 'shop/users')).toEqual([
      'ALLOW shop/orders shop/same-namespace namespace shop',
    ]);
    expect(r.workloads['shop/batch'].mayCall).toBeUndefined();
  });

  it('matches prefix and suffix principals and namespaces the way Istio does', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy(
          'edge',
          'tools-prefix',
          onGateway({ principals: ['cluster.local/ns/tools/sa/re*'] }),
        ),
        authorizationPolicy(
          'edge',
          'any-metabase',
          onGateway({ principals: ['*/sa/metabase'] }),
        ),
        authorizationPolicy(
          'edge',
          'namespace-prefix',
          onGateway({ namespaces: ['too*'] }),
        ),
        authorizationPolicy(
          'edge',
          'namespace-suffix',
          onGateway({ namespaces: ['*ols'] }),
        ),
        authorizationPolicy(
          'edge',
          'misses',
          onGateway({
            principals: [
              'cluster.local/ns/toolsx/*',
              '*/sa/retool-old',
              'cluster.local/ns/tools/sa/retool/*',
            ],
          }),
        ),
      ]),
    );
    expect(brief(r, 'tools/retool')).toEqual([
      'ALLOW edge/api-gateway edge/namespace-prefix namespace too*',
      'ALLOW edge/api-gateway edge/namespace-suffix namespace *ols',
      'ALLOW edge/api-gateway edge/tools-prefix principal cluster.local/ns/tools/sa/re*',
    ]);
    expect(brief(r, 'tools/metabase')).toEqual([
      'ALLOW edge/api-gateway edge/any-metabase principal */sa/metabase',
      'ALLOW edge/api-gateway edge/namespace-prefix namespace too*',
      'ALLOW edge/api-gateway edge/namespace-suffix namespace *ols',
    ]);
  });

  it('honours trust domain aliases and cluster.local, but not a foreign trust domain', () => {
    const r = evaluate(
      mesh([
        meshConfig({
          trustDomain: 'prod.example',
          trustDomainAliases: ['old.example'],
        }),
        authorizationPolicy(
          'edge',
          'alias',
          onGateway({ principals: ['old.example/ns/tools/sa/retool'] }),
        ),
        authorizationPolicy(
          'edge',
          'default-domain',
          onGateway({ principals: ['cluster.local/ns/tools/sa/retool'] }),
        ),
        authorizationPolicy(
          'edge',
          'mesh-domain-prefix',
          onGateway({ principals: ['prod.example/ns/tools/*'] }),
        ),
        authorizationPolicy(
          'edge',
          'foreign',
          onGateway({ principals: ['partner.example/ns/tools/sa/retool'] }),
        ),
      ]),
    );
    expect(brief(r, 'tools/retool')).toEqual([
      'ALLOW edge/api-gateway edge/alias principal old.example/ns/tools/sa/retool',
      'ALLOW edge/api-gateway edge/default-domain principal cluster.local/ns/tools/sa/retool',
      'ALLOW edge/api-gateway edge/mesh-domain-prefix principal prod.example/ns/tools/*',
    ]);
  });

  it('lists DENY rules that name the workload, after the ALLOW rules, with dry runs marked', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy(
          'edge',
          'no-retool-writes',
          onGateway(
            { serviceAccounts: ['tools/retool'] },
            {
              action: 'DENY',
              to: [{ operation: { methods: ['DELETE'] } }],
            },
          ),
        ),
        authorizationPolicy(
          'edge',
          'lockdown',
          onGateway({ namespaces: ['tools'] }, { action: 'DENY' }),
          { dryRun: true },
        ),
        authorizationPolicy(
          'edge',
          'allow-tools',
          onGateway({ namespaces: ['tools'] }),
        ),
      ]),
    );
    expect(brief(r, 'tools/retool')).toEqual([
      'ALLOW edge/api-gateway edge/allow-tools namespace tools',
      'DENY edge/api-gateway edge/lockdown namespace tools',
      'DENY edge/api-gateway edge/no-retool-writes serviceAccount tools/retool',
    ]);
    const [, lockdown, writes] = r.workloads['tools/retool'].mayCall!;
    expect(lockdown.dryRun).toBe(true);
    expect(writes).toMatchObject({
      dryRun: false,
      to: [{ methods: ['DELETE'] }],
    });
  });

  it('leaves out `*` and `cluster.local/*` grants, and ANDs the fields of a source', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy(
          'edge',
          'any-authenticated',
          onGateway({ principals: ['*'] }),
        ),
        authorizationPolicy(
          'edge',
          'any-namespace',
          onGateway({ namespaces: ['*'] }),
        ),
        authorizationPolicy(
          'edge',
          'any-local',
          onGateway({ principals: ['cluster.local/*'] }),
        ),
        // `*` plus a namespace: the namespace names retool and metabase
        authorizationPolicy(
          'edge',
          'star-and-tools',
          onGateway({ principals: ['*'], namespaces: ['tools'] }),
        ),
        // a principal in tools, but only from namespace shop: nobody
        authorizationPolicy(
          'edge',
          'contradiction',
          onGateway({
            principals: ['cluster.local/ns/tools/sa/retool'],
            namespaces: ['shop'],
          }),
        ),
        // namespace tools except retool
        authorizationPolicy(
          'edge',
          'tools-but-retool',
          onGateway({
            namespaces: ['tools'],
            notPrincipals: ['cluster.local/ns/tools/sa/retool'],
          }),
        ),
      ]),
    );
    expect(brief(r, 'tools/retool')).toEqual([
      'ALLOW edge/api-gateway edge/star-and-tools namespace tools',
    ]);
    expect(brief(r, 'tools/metabase')).toEqual([
      'ALLOW edge/api-gateway edge/star-and-tools namespace tools',
      'ALLOW edge/api-gateway edge/tools-but-retool namespace tools',
    ]);
  });

  it('keeps one entry per rule and target, naming the most specific field', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy('edge', 'both', {
          selector: { matchLabels: { app: 'api-gateway' } },
          action: 'ALLOW',
          rules: [
            {
              from: [
                { source: { namespaces: ['tools'] } },
                { source: { principals: ['cluster.local/ns/tools/sa/*'] } },
                {
                  source: { principals: ['cluster.local/ns/tools/sa/retool'] },
                },
              ],
            },
          ],
        }),
      ]),
    );
    expect(brief(r, 'tools/retool')).toEqual([
      'ALLOW edge/api-gateway edge/both principal cluster.local/ns/tools/sa/*',
    ]);
  });

  it('names every workload that runs under a shared service account', () => {
    const r = evaluate(
      mesh([
        deployment('tools', 'grafana', {
          sidecar: true,
          serviceAccount: 'retool',
        }),
        authorizationPolicy(
          'edge',
          'allow-retool',
          onGateway({ principals: ['cluster.local/ns/tools/sa/retool'] }),
        ),
      ]),
    );
    expect(brief(r, 'tools/grafana')).toEqual(brief(r, 'tools/retool'));
    expect(brief(r, 'tools/grafana')).toHaveLength(1);
  });

  it('keeps the first entries per workload in target order and counts the rest', () => {
    // a mesh-wide policy naming all of tools: every meshed workload is a target
    const r = evaluate(
      mesh([
        authorizationPolicy('istio-system', 'from-tools', {
          action: 'ALLOW',
          rules: [
            {
              from: [{ source: { principals: ['cluster.local/ns/tools/*'] } }],
            },
          ],
        }),
      ]),
    );
    const { grants, omitted } = outboundGrants(
      Object.entries(r.workloads),
      'cluster.local',
      ['cluster.local'],
      2,
    );
    // targets in order: edge/api-gateway, shop/orders, shop/users, tools/metabase, tools/retool
    expect(grants.get('tools/retool')!.map(g => g.target)).toEqual([
      'edge/api-gateway',
      'shop/orders',
    ]);
    expect(grants.get('tools/metabase')!.map(g => g.target)).toEqual([
      'edge/api-gateway',
      'shop/orders',
    ]);
    // shop/users and the other tool; never the workload itself
    expect(Object.fromEntries(omitted)).toEqual({
      'tools/retool': 2,
      'tools/metabase': 2,
    });
    expect(grants.get('shop/orders')).toEqual([]);
  });

  it(`stops at ${MAY_CALL_LIMIT} entries per workload in a whole mesh`, () => {
    const apps = Array.from({ length: MAY_CALL_LIMIT + 10 }, (_, i) =>
      deployment('shop', `app-${String(i).padStart(3, '0')}`, {
        sidecar: true,
      }),
    );
    const r = evaluate(
      mesh([
        ...apps,
        authorizationPolicy('istio-system', 'from-tools', {
          action: 'ALLOW',
          rules: [{ from: [{ source: { namespaces: ['tools'] } }] }],
        }),
      ]),
    );
    const retool = r.workloads['tools/retool'];
    expect(retool.mayCall).toHaveLength(MAY_CALL_LIMIT);
    expect(retool.mayCall![0].target).toBe('edge/api-gateway');
    // targets: the gateway, the apps, orders, users and metabase (not itself)
    expect(retool.mayCallOmitted).toBe(
      1 + MAY_CALL_LIMIT + 10 + 3 - MAY_CALL_LIMIT,
    );
    expect(r.workloads['shop/orders'].mayCallOmitted).toBeUndefined();
  });
});
