import {
  deployment,
  evaluate,
  findings,
  meshConfig,
  namespace,
  peerAuthentication,
  service,
} from './__testUtils__/builders';

const shop = () => [
  namespace('shop', { 'istio-injection': 'enabled' }),
  deployment('shop', 'orders', { sidecar: true, ports: [8080, 9090] }),
];

describe('PeerAuthentication composition (docs/semantics.md §1)', () => {
  it('is PERMISSIVE with no policy at all', () => {
    const w = evaluate([shop()]).workloads['shop/orders'];
    expect(w.mtlsMode).toBe('PERMISSIVE');
    expect(w.decidedBy).toBeNull();
    expect(w.decisionChain).toEqual([
      {
        level: 'default',
        policy: null,
        mode: 'PERMISSIVE',
        effective: 'PERMISSIVE',
      },
    ]);
  });

  it('applies mesh, then namespace, then workload, each overriding the previous', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
      peerAuthentication('shop', 'ns', { mode: 'PERMISSIVE' }),
      peerAuthentication('shop', 'orders', {
        mode: 'DISABLE',
        selector: { app: 'orders' },
      }),
    ]);
    const w = r.workloads['shop/orders'];
    expect(w.mtlsMode).toBe('DISABLE');
    expect(w.decidedBy).toBe('shop/orders');
    expect(
      w.decisionChain.map(s => [s.level, s.policy, s.mode, s.effective]),
    ).toEqual([
      ['default', null, 'PERMISSIVE', 'PERMISSIVE'],
      ['mesh', 'istio-system/default', 'STRICT', 'STRICT'],
      ['namespace', 'shop/ns', 'PERMISSIVE', 'PERMISSIVE'],
      ['workload', 'shop/orders', 'DISABLE', 'DISABLE'],
    ]);
  });

  it('lets UNSET (or a missing mtls) inherit, and names the policy whose mode is in effect', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
      peerAuthentication('shop', 'ns', { mode: 'UNSET' }),
      peerAuthentication('shop', 'orders', { selector: { app: 'orders' } }),
    ]);
    const w = r.workloads['shop/orders'];
    expect(w.mtlsMode).toBe('STRICT');
    expect(w.decidedBy).toBe('istio-system/default');
    expect(w.decisionChain.map(s => s.effective)).toEqual([
      'PERMISSIVE',
      'STRICT',
      'STRICT',
      'STRICT',
    ]);
  });

  it('treats an UNSET mesh policy as PERMISSIVE with no deciding policy', () => {
    const w = evaluate([
      shop(),
      peerAuthentication('istio-system', 'default', { mode: 'UNSET' }),
    ]).workloads['shop/orders'];
    expect(w.mtlsMode).toBe('PERMISSIVE');
    expect(w.decidedBy).toBeNull();
  });

  it('keys portLevelMtls by target port, UNSET ports take the workload mode, unknown ports are flagged', () => {
    const r = evaluate([
      shop(),
      service('shop', 'orders', { app: 'orders' }, [
        { port: 80, targetPort: 8080, name: 'http' },
      ]),
      peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
      peerAuthentication('shop', 'orders', {
        selector: { app: 'orders' },
        portLevel: { 8080: 'UNSET', 9090: 'PERMISSIVE', 80: 'DISABLE' },
      }),
    ]);
    const w = r.workloads['shop/orders'];
    expect(w.mtlsMode).toBe('STRICT');
    expect(w.portModes).toEqual({ '9090': 'PERMISSIVE' });
    expect(
      w.decisionChain
        .filter(s => s.level === 'port')
        .map(s => [s.port, s.mode, s.effective]),
    ).toEqual([
      [80, 'DISABLE', 'DISABLE'],
      [8080, 'UNSET', 'STRICT'],
      [9090, 'PERMISSIVE', 'PERMISSIVE'],
    ]);
    const exception = findings(r, 'mtls-port-exception');
    expect(exception).toEqual([
      expect.objectContaining({
        subject: 'shop/orders',
        port: 9090,
        severity: 'medium',
      }),
    ]);
    expect(exception[0].remediation).toContain('"9090":\n      mode: UNSET');
    const unknown = findings(r, 'portlevelmtls-unknown-port');
    expect(unknown).toEqual([
      expect.objectContaining({
        subject: 'shop/orders',
        port: 80,
        severity: 'medium',
      }),
    ]);
    expect(unknown[0].reason).toContain('target port 8080');
    expect(unknown[0].remediation).toContain('"8080":');
  });

  it('uses portLevelMtls of the winning workload policy only', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('shop', 'old', {
        selector: { app: 'orders' },
        mode: 'STRICT',
        created: 1,
      }),
      peerAuthentication('shop', 'new', {
        selector: { app: 'orders' },
        mode: 'STRICT',
        portLevel: { 9090: 'DISABLE' },
        created: 2,
      }),
    ]);
    expect(r.workloads['shop/orders'].portModes).toBeUndefined();
    expect(findings(r, 'peerauthentication-conflict')).toEqual([
      expect.objectContaining({ subject: 'shop/new', severity: 'medium' }),
    ]);
  });

  it('lets the oldest namespace policy win and flags the other one', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('shop', 'b-newer', { mode: 'DISABLE', created: 5 }),
      peerAuthentication('shop', 'a-older', { mode: 'STRICT', created: 1 }),
    ]);
    expect(r.workloads['shop/orders'].mtlsMode).toBe('STRICT');
    expect(r.workloads['shop/orders'].decidedBy).toBe('shop/a-older');
    const conflict = findings(r, 'peerauthentication-conflict');
    expect(conflict.map(f => f.subject)).toEqual(['shop/b-newer']);
  });

  it('breaks creation-time ties by name', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('istio-system', 'zeta', {
        mode: 'DISABLE',
        created: 3,
      }),
      peerAuthentication('istio-system', 'alpha', {
        mode: 'STRICT',
        created: 3,
      }),
    ]);
    expect(r.workloads['shop/orders'].decidedBy).toBe('istio-system/alpha');
    expect(
      findings(r, 'peerauthentication-conflict').map(f => f.subject),
    ).toEqual(['istio-system/zeta']);
  });

  it('ignores a selector policy in the root namespace and flags it', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('istio-system', 'orders-strict', {
        mode: 'STRICT',
        selector: { app: 'orders' },
      }),
    ]);
    expect(r.workloads['shop/orders'].mtlsMode).toBe('PERMISSIVE');
    expect(
      findings(r, 'peerauthentication-selector-in-root-ignored').map(
        f => f.subject,
      ),
    ).toEqual(['istio-system/orders-strict']);
  });

  it('reads the mesh policy from a custom root namespace and flags istio-system policies as not mesh-wide', () => {
    const r = evaluate([
      shop(),
      meshConfig({ rootNamespace: 'mesh-root' }),
      peerAuthentication('mesh-root', 'default', { mode: 'STRICT' }),
      peerAuthentication('istio-system', 'default', { mode: 'DISABLE' }),
    ]);
    expect(r.assumptions.rootNamespace).toBe('mesh-root');
    expect(r.workloads['shop/orders'].mtlsMode).toBe('STRICT');
    expect(r.workloads['shop/orders'].decidedBy).toBe('mesh-root/default');
    const f = findings(r, 'peerauthentication-not-mesh-wide');
    expect(f).toEqual([
      expect.objectContaining({
        subject: 'istio-system/default',
        severity: 'low',
      }),
    ]);
    expect(f[0].remediation).toContain('namespace: mesh-root');
  });

  it('ignores portLevelMtls on a selector-less policy, with a warning', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('shop', 'ns', {
        mode: 'STRICT',
        portLevel: { 8080: 'DISABLE' },
      }),
    ]);
    expect(r.workloads['shop/orders'].mtlsMode).toBe('STRICT');
    expect(r.workloads['shop/orders'].portModes).toBeUndefined();
    expect(r.warnings).toEqual([
      expect.stringContaining(
        'PeerAuthentication shop/ns: portLevelMtls without a selector',
      ),
    ]);
  });

  it('accepts any API version of security.istio.io', () => {
    const r = evaluate([
      shop(),
      peerAuthentication('shop', 'ns', {
        mode: 'STRICT',
        apiVersion: 'security.istio.io/v1beta1',
      }),
    ]);
    expect(r.workloads['shop/orders'].mtlsMode).toBe('STRICT');
  });

  it('reports mtls-disabled (high) and mtls-permissive (low) for sidecar workloads with a STRICT fix', () => {
    const r = evaluate([
      namespace('a', { 'istio-injection': 'enabled' }),
      deployment('a', 'off', { sidecar: true }),
      deployment('a', 'open', { sidecar: true }),
      peerAuthentication('a', 'off', {
        selector: { app: 'off' },
        mode: 'DISABLE',
      }),
    ]);
    expect(findings(r, 'mtls-disabled')).toEqual([
      expect.objectContaining({ subject: 'a/off', severity: 'high' }),
    ]);
    expect(findings(r, 'mtls-permissive')).toEqual([
      expect.objectContaining({ subject: 'a/open', severity: 'low' }),
    ]);
    const fix = findings(r, 'mtls-disabled')[0].remediation!;
    expect(fix).toContain('kind: PeerAuthentication');
    expect(fix).toContain('name: "off"'); // quoted: YAML 1.1 would read off as false
    expect(fix).toContain('mode: STRICT');
    expect(findings(r, 'mtls-permissive')[0].remediation).toContain(
      'app: open',
    );
  });

  it('gives workloads without proxy mode NONE and no decision chain', () => {
    const r = evaluate([
      namespace('legacy'),
      deployment('legacy', 'old'),
      peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
    ]);
    const w = r.workloads['legacy/old'];
    expect(w).toMatchObject({
      dataplane: 'none',
      inMesh: false,
      mtlsMode: 'NONE',
      decidedBy: null,
      decisionChain: [],
    });
    expect(findings(r, 'mtls-permissive')).toEqual([]);
  });

  it('reports pods of one workload that disagree, showing the weakest', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      deployment('shop', 'cart', { sidecar: true, replicas: 2 }),
      // an extra pod of the same ReplicaSet, started before injection was enabled
      deployment('shop', 'cart', { replicas: 3, withReplicaSet: false }).slice(
        2,
      ),
      peerAuthentication('shop', 'ns', { mode: 'STRICT' }),
    ]);
    const w = r.workloads['shop/cart'];
    expect(w.pods).toHaveLength(3);
    expect(w.mixedPods).toBe(true);
    expect(w.dataplane).toBe('none');
    expect(w.mtlsMode).toBe('NONE');
    expect(findings(r, 'workload-mixed-posture')).toEqual([
      expect.objectContaining({ subject: 'shop/cart', severity: 'medium' }),
    ]);
  });
});
