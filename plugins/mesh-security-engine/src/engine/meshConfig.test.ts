import {
  deployment,
  evaluate,
  findings,
  meshConfig,
  namespace,
  peerAuthentication,
} from './__testUtils__/builders';

describe('MeshConfig assumptions (docs/semantics.md §0)', () => {
  it('uses the defaults without a ConfigMap', () => {
    expect(evaluate([]).assumptions).toEqual({
      rootNamespace: 'istio-system',
      enableAutoMtls: true,
      trustDomain: 'cluster.local',
      trustDomainAliases: [],
      meshConfigSource: null,
    });
  });

  it('reads rootNamespace, enableAutoMtls, trustDomain and aliases from the istio ConfigMap', () => {
    const mesh = [
      'rootNamespace: mesh-root',
      'enableAutoMtls: false',
      'trustDomain: prod.example',
      'trustDomainAliases:',
      '  - old.example',
      'defaultConfig:',
      '  discoveryAddress: istiod.istio-system.svc:15012',
    ].join('\n');
    const r = evaluate([meshConfig(mesh)]);
    expect(r.assumptions).toEqual({
      rootNamespace: 'mesh-root',
      enableAutoMtls: false,
      trustDomain: 'prod.example',
      trustDomainAliases: ['old.example'],
      meshConfigSource: 'istio-system',
    });
    expect(findings(r, 'auto-mtls-disabled')[0].remediation).toContain(
      'enableAutoMtls: true',
    );
  });

  it('keeps defaults for absent keys and reads only the control-plane namespace', () => {
    const r = evaluate([
      meshConfig('trustDomain: a.example'),
      meshConfig('rootNamespace: elsewhere', 'other'),
    ]);
    expect(r.assumptions).toMatchObject({
      rootNamespace: 'istio-system',
      trustDomain: 'a.example',
      meshConfigSource: 'istio-system',
    });
  });

  it('honours a custom control-plane namespace', () => {
    const r = evaluate(
      [
        meshConfig('rootNamespace: istio-config', 'istio-cp'),
        namespace('shop', { 'istio-injection': 'enabled' }),
        deployment('shop', 'orders', { sidecar: true }),
        deployment('istio-cp', 'istiod'),
        peerAuthentication('istio-config', 'default', { mode: 'STRICT' }),
      ],
      { controlPlaneNamespace: 'istio-cp' },
    );
    expect(r.assumptions).toMatchObject({
      rootNamespace: 'istio-config',
      meshConfigSource: 'istio-cp',
    });
    expect(r.workloads['shop/orders'].mtlsMode).toBe('STRICT');
    expect(r.coverage.byNamespace['istio-cp']).toBeUndefined();
  });

  it('warns and falls back to defaults on unreadable mesh YAML or values of the wrong type', () => {
    const bad = evaluate([meshConfig('rootNamespace: [unclosed')]);
    expect(bad.assumptions.meshConfigSource).toBeNull();
    expect(bad.warnings[0]).toMatch(
      /istio-system\/istio: key "mesh" is not valid YAML/,
    );
    const typed = evaluate([meshConfig('enableAutoMtls: sometimes')]);
    expect(typed.assumptions.enableAutoMtls).toBe(true);
    expect(typed.warnings).toEqual([
      expect.stringContaining('enableAutoMtls is not a boolean'),
    ]);
  });
});
