import {
  authorizationPolicy,
  deployment,
  evaluate,
  findings,
  meshConfig,
  namespace,
  peerAuthentication,
  service,
  serviceAccount,
  type Objects,
} from './__testUtils__/builders';

/** edge/api-gateway (STRICT via mesh policy) and shop/orders, both with sidecars. */
function mesh(extra: Objects[] = []): Objects[] {
  return [
    namespace('edge', { 'istio-injection': 'enabled' }),
    namespace('shop', { 'istio-injection': 'enabled' }),
    deployment('edge', 'api-gateway', { sidecar: true }),
    deployment('shop', 'orders', { sidecar: true }),
    serviceAccount('shop', 'orders'),
    service('edge', 'api-gateway', { app: 'api-gateway' }, [
      { port: 80, targetPort: 8080, name: 'http' },
    ]),
    peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
    ...extra,
  ];
}

const allowFrom = (
  principals: string[],
  extra: Record<string, unknown> = {},
) => ({
  selector: { matchLabels: { app: 'api-gateway' } },
  action: 'ALLOW',
  rules: [{ from: [{ source: { principals } }], ...extra }],
});

describe('AuthorizationPolicy (docs/semantics.md §4)', () => {
  it('applies mesh-wide, root-selector, namespace and selector policies to the right workloads', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy('istio-system', 'mesh-deny', {
          action: 'DENY',
          rules: [{ from: [{ source: { notNamespaces: ['edge', 'shop'] } }] }],
        }),
        authorizationPolicy('istio-system', 'gw-audit', {
          selector: { matchLabels: { app: 'api-gateway' } },
          action: 'AUDIT',
          rules: [{}],
        }),
        authorizationPolicy('shop', 'ns-wide', {
          action: 'ALLOW',
          rules: [{ from: [{ source: { namespaces: ['edge'] } }] }],
        }),
        authorizationPolicy(
          'edge',
          'gw',
          allowFrom(['cluster.local/ns/shop/sa/orders']),
        ),
        authorizationPolicy('edge', 'waypoint-only', {
          targetRefs: [{ kind: 'Service', name: 'api-gateway' }],
          rules: [{}],
        }),
      ]),
    );
    const gw = r.workloads['edge/api-gateway'].authorization;
    expect(gw.policies).toEqual([
      'edge/gw',
      'istio-system/gw-audit',
      'istio-system/mesh-deny',
    ]);
    expect(gw.deny.map(x => x.policy)).toEqual(['istio-system/mesh-deny']);
    expect(gw.audit.map(x => x.policy)).toEqual(['istio-system/gw-audit']);
    expect(gw.allow).toEqual([
      expect.objectContaining({
        policy: 'edge/gw',
        action: 'ALLOW',
        ruleIndex: 0,
        from: [{ principals: ['cluster.local/ns/shop/sa/orders'] }],
        matchesEverything: false,
        dryRun: false,
      }),
    ]);
    expect(gw.stance).toBe('restricted');
    const orders = r.workloads['shop/orders'].authorization;
    expect(orders.policies).toEqual(['istio-system/mesh-deny', 'shop/ns-wide']);
    // the targetRefs policy is for waypoints: sidecars ignore it, and so does selector-no-match
    expect(findings(r, 'authz-selector-no-match')).toEqual([]);
    expect(findings(r, 'authz-allow-all').map(f => f.subject)).toEqual([
      'edge/waypoint-only',
    ]);
  });

  it('reads stances: no-policy, allow-all, allow-nothing; dry-run ALLOW is not enforced', () => {
    const r = evaluate(
      mesh([
        deployment('shop', 'open'),
        deployment('shop', 'cart', { sidecar: true }),
        deployment('shop', 'vault', { sidecar: true }),
        deployment('shop', 'staged', { sidecar: true }),
        authorizationPolicy('shop', 'cart-all', {
          selector: { matchLabels: { app: 'cart' } },
          rules: [{}],
        }),
        authorizationPolicy('shop', 'vault-nothing', {
          selector: { matchLabels: { app: 'vault' } },
        }),
        authorizationPolicy(
          'shop',
          'staged-nothing',
          { selector: { matchLabels: { app: 'staged' } } },
          { dryRun: true },
        ),
      ]),
    );
    expect(r.workloads['shop/orders'].authorization.stance).toBe('no-policy');
    expect(r.workloads['shop/cart'].authorization.stance).toBe('allow-all');
    expect(
      r.workloads['shop/cart'].authorization.allow[0].matchesEverything,
    ).toBe(true);
    expect(r.workloads['shop/vault'].authorization.stance).toBe(
      'allow-nothing',
    );
    expect(r.workloads['shop/vault'].authorization.allow).toEqual([
      expect.objectContaining({ ruleIndex: -1 }),
    ]);
    expect(r.workloads['shop/staged'].authorization).toMatchObject({
      stance: 'no-policy',
      policies: ['shop/staged-nothing'],
    });
    expect(r.workloads['shop/staged'].authorization.allow[0].dryRun).toBe(true);
    expect(findings(r, 'authz-allow-all')).toEqual([
      expect.objectContaining({ subject: 'shop/cart-all', severity: 'high' }),
    ]);
    // a dry-run policy enforces nothing, so it raises no enforcement finding
    expect(
      findings(r, 'authz-allow-nothing').map(f => [f.subject, f.severity]),
    ).toEqual([['shop/vault-nothing', 'medium']]);
  });

  it('flags policies that match no pod with a proxy', () => {
    const r = evaluate(
      mesh([
        namespace('empty'),
        authorizationPolicy('shop', 'typo', {
          selector: { matchLabels: { app: 'ordres' } },
          rules: [{}],
        }),
        authorizationPolicy('empty', 'ns', { rules: [{}] }),
        authorizationPolicy('istio-system', 'nowhere', {
          selector: { matchLabels: { app: 'ghost' } },
          rules: [{}],
        }),
      ]),
    );
    expect(findings(r, 'authz-selector-no-match').map(f => f.subject)).toEqual([
      'empty/ns',
      'istio-system/nowhere',
      'shop/typo',
    ]);
    expect(findings(r, 'authz-selector-no-match')[1].reason).toContain(
      'anywhere in the mesh',
    );
  });

  it('flags identity rules on workloads that accept plaintext, per workload or per port', () => {
    const r = evaluate(
      mesh([
        peerAuthentication('shop', 'default', { mode: 'PERMISSIVE' }),
        peerAuthentication('edge', 'gw', {
          selector: { app: 'api-gateway' },
          mode: 'STRICT',
          portLevel: { 8080: 'PERMISSIVE' },
        }),
        authorizationPolicy('shop', 'orders', {
          selector: { matchLabels: { app: 'orders' } },
          rules: [{ when: [{ key: 'source.namespace', values: ['edge'] }] }],
        }),
        authorizationPolicy(
          'edge',
          'gw',
          allowFrom(['cluster.local/ns/shop/sa/orders']),
        ),
        authorizationPolicy(
          'edge',
          'other-port',
          allowFrom(['cluster.local/ns/shop/sa/orders'], {
            to: [{ operation: { ports: ['9000'] } }],
          }),
        ),
        authorizationPolicy('edge', 'ip-only', {
          selector: { matchLabels: { app: 'api-gateway' } },
          rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }],
        }),
      ]),
    );
    const f = findings(r, 'authz-requires-mtls');
    expect(f.map(x => [x.subject, x.port, x.severity])).toEqual([
      ['edge/gw', 8080, 'high'],
      ['shop/orders', undefined, 'high'],
    ]);
    expect(f[1].detail?.related).toEqual(['shop/orders']);
    expect(f[1].remediation).toContain('mode: STRICT');
  });

  it('says when a mesh-wide policy finds no pod with a proxy at all', () => {
    const r = evaluate([
      namespace('legacy'),
      deployment('legacy', 'old'),
      authorizationPolicy('istio-system', 'deny-all', {
        action: 'DENY',
        rules: [{}],
      }),
    ]);
    const f = findings(r, 'authz-selector-no-match');
    expect(f.map(x => x.subject)).toEqual(['istio-system/deny-all']);
    expect(f[0].reason).toContain('applies to the whole mesh');
    expect(f[0].reason).toContain('legacy/old accepts every caller');
  });

  it('says the selected pods lack a proxy instead of "matches no pod"', () => {
    const r = evaluate([
      namespace('legacy'),
      deployment('legacy', 'old', { replicas: 2 }),
      authorizationPolicy('legacy', 'only-gw', {
        selector: { matchLabels: { app: 'old' } },
        rules: [{ from: [{ source: { namespaces: ['edge'] } }] }],
      }),
      authorizationPolicy('legacy', 'typo', {
        selector: { matchLabels: { app: 'olt' } },
        rules: [{}],
      }),
    ]);
    const [onlyGw, typo] = findings(r, 'authz-selector-no-match');
    expect(onlyGw.subject).toBe('legacy/only-gw');
    expect(onlyGw.reason).toBe(
      'AuthorizationPolicy legacy/only-gw selects app=old, which matches legacy/old, but it has no sidecar or ambient capture to enforce the policy: the policy is not enforced there and legacy/old accepts every caller.',
    );
    expect(onlyGw.detail?.related).toEqual(['legacy/old']);
    expect(typo.reason).toContain('matches no pod in namespace legacy');
  });

  it('never calls a built-in namespace unknown, nor checks accounts of a namespace the input does not describe', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      deployment('shop', 'cart', { sidecar: true }),
      authorizationPolicy('shop', 'callers', {
        rules: [
          {
            from: [
              {
                source: {
                  namespaces: [
                    'default',
                    'kube-system',
                    'istio-system',
                    'nowhere',
                  ],
                  principals: [
                    'cluster.local/ns/default/sa/sleep',
                    'cluster.local/ns/kube-public/sa/x',
                    'cluster.local/ns/ghost/sa/y',
                  ],
                },
              },
            ],
          },
        ],
      }),
    ]);
    expect(
      findings(r, 'authz-unknown-namespace').map(f => f.detail?.grants),
    ).toEqual([['ghost', 'nowhere']]);
    expect(findings(r, 'authz-unknown-principal')).toEqual([]);
  });

  it('does not flag identity rules on STRICT workloads', () => {
    const r = evaluate(
      mesh([
        authorizationPolicy(
          'edge',
          'gw',
          allowFrom(['cluster.local/ns/shop/sa/orders']),
        ),
      ]),
    );
    expect(findings(r, 'authz-requires-mtls')).toEqual([]);
    expect(r.findings.filter(f => f.subject === 'edge/gw')).toEqual([]);
  });

  it('flags unknown namespaces (and namespace patterns that match none, as IST0101), unknown service accounts and foreign trust domains', () => {
    const r = evaluate(
      mesh([
        meshConfig({
          trustDomain: 'prod.example',
          trustDomainAliases: ['old.example'],
        }),
        authorizationPolicy(
          'edge',
          'gw',
          allowFrom([
            'cluster.local/ns/shop/sa/orders', // exists (ServiceAccount object)
            'prod.example/ns/shop/sa/api-gateway-caller', // namespace exists, account does not
            'old.example/ns/shop/sa/default', // default always exists
            'cluster.local/ns/gone/sa/x', // namespace missing
            'cluster.local/ns/shop/sa/*', // wildcard: not checked
            'other-mesh.io/ns/remote/sa/y', // foreign
          ]),
        ),
        authorizationPolicy('edge', 'ns-rule', {
          selector: { matchLabels: { app: 'api-gateway' } },
          rules: [
            {
              from: [
                { source: { namespaces: ['shop', 'tools', 'team-*', 'sh*'] } },
              ],
            },
          ],
        }),
        // pods' serviceAccountName counts as an existing account
        authorizationPolicy(
          'edge',
          'by-pod-sa',
          allowFrom(['cluster.local/ns/edge/sa/api-gateway']),
        ),
      ]),
    );
    expect(
      findings(r, 'authz-unknown-namespace').map(f => [
        f.subject,
        f.detail?.grants,
      ]),
    ).toEqual([
      ['edge/gw', ['gone']],
      ['edge/ns-rule', ['team-*', 'tools']],
    ]);
    expect(
      findings(r, 'authz-unknown-principal').map(f => [
        f.subject,
        f.detail?.grants,
        f.severity,
      ]),
    ).toEqual([
      ['edge/gw', ['prod.example/ns/shop/sa/api-gateway-caller'], 'medium'],
    ]);
    expect(
      findings(r, 'authz-foreign-trust-domain').map(f => [
        f.subject,
        f.detail?.grants,
        f.severity,
      ]),
    ).toEqual([['edge/gw', ['other-mesh.io/ns/remote/sa/y'], 'low']]);
  });

  it('flags DENY rules with HTTP-only fields that reach TCP ports', () => {
    const r = evaluate(
      mesh([
        deployment('shop', 'db', { sidecar: true, ports: [5432, 8080, 9090] }),
        service('shop', 'db', { app: 'db' }, [
          { port: 5432, name: 'tcp-postgres' },
          { port: 80, targetPort: 8080, name: 'web', appProtocol: 'http' },
          { port: 9090, name: 'metrics' },
        ]),
        authorizationPolicy('shop', 'no-delete', {
          selector: { matchLabels: { app: 'db' } },
          action: 'DENY',
          rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }],
        }),
        authorizationPolicy('shop', 'scoped', {
          selector: { matchLabels: { app: 'db' } },
          action: 'DENY',
          rules: [
            { to: [{ operation: { ports: ['8080'], paths: ['/admin'] } }] },
          ],
        }),
        authorizationPolicy('shop', 'allow-get', {
          selector: { matchLabels: { app: 'db' } },
          rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
        }),
      ]),
    );
    expect(
      findings(r, 'authz-deny-http-fields-on-tcp').map(f => [
        f.subject,
        f.port,
        f.severity,
      ]),
    ).toEqual([
      ['shop/no-delete', 5432, 'medium'],
      ['shop/no-delete', 9090, 'medium'],
    ]);
  });
});
