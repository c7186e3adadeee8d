import {
  authorizationPolicy,
  deployment,
  evaluate,
  findings,
  namespace,
  peerAuthentication,
  pod,
} from './__testUtils__/builders';

describe('mesh membership (docs/semantics.md §3)', () => {
  it('detects a sidecar container and a native sidecar initContainer', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      pod('shop', 'classic', { sidecar: true }),
      pod('shop', 'native', { sidecar: 'native' }),
    ]);
    expect(r.workloads['shop/classic'].dataplane).toBe('sidecar');
    expect(r.workloads['shop/native'].dataplane).toBe('sidecar');
    expect(r.workloads['shop/native'].inMesh).toBe(true);
  });

  it('does not count an istio-proxy initContainer without restartPolicy Always', () => {
    const p = pod('shop', 'odd');
    p.spec.initContainers = [{ name: 'istio-proxy', image: 'istio/proxyv2' }];
    const r = evaluate([namespace('shop'), p]);
    expect(r.workloads['shop/odd'].dataplane).toBe('none');
  });

  it('captures ambient pods by namespace or pod label, except opt-outs, sidecars and hostNetwork', () => {
    const r = evaluate([
      namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
      namespace('plain'),
      pod('amb', 'captured'),
      pod('amb', 'optout', { labels: { 'istio.io/dataplane-mode': 'none' } }),
      pod('amb', 'injected', { sidecar: true }),
      pod('amb', 'stale-status', {
        annotations: { 'sidecar.istio.io/status': '{}' },
      }),
      pod('amb', 'host', { hostNetwork: true }),
      pod('plain', 'by-label', {
        labels: { 'istio.io/dataplane-mode': 'ambient' },
      }),
    ]);
    const dp = (k: string) => r.workloads[k].dataplane;
    expect(dp('amb/captured')).toBe('ambient');
    expect(dp('amb/optout')).toBe('none');
    expect(dp('amb/injected')).toBe('sidecar');
    expect(dp('amb/stale-status')).toBe('none');
    expect(dp('amb/host')).toBe('none');
    expect(dp('plain/by-label')).toBe('ambient');
    expect(findings(r, 'injection-opt-out').map(f => f.subject)).toEqual([
      'amb/optout',
    ]);
    expect(
      findings(r, 'sidecar-in-ambient-namespace').map(f => f.subject),
    ).toEqual(['amb/injected']);
    expect(findings(r, 'host-network-pod').map(f => f.subject)).toEqual([
      'amb/host',
    ]);
  });

  it('reports ztunnel behaviour for ambient: STRICT stays, DISABLE is PERMISSIVE with the declared mode kept', () => {
    const r = evaluate([
      namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
      namespace('amb2', { 'istio.io/dataplane-mode': 'ambient' }),
      pod('amb', 'a'),
      pod('amb2', 'b'),
      peerAuthentication('amb', 'strict', { mode: 'STRICT' }),
      peerAuthentication('amb2', 'off', { mode: 'DISABLE' }),
    ]);
    expect(r.workloads['amb/a']).toMatchObject({
      mtlsMode: 'STRICT',
      decidedBy: 'amb/strict',
    });
    expect(r.workloads['amb/a'].declaredMode).toBeUndefined();
    expect(r.workloads['amb2/b']).toMatchObject({
      dataplane: 'ambient',
      mtlsMode: 'PERMISSIVE',
      declaredMode: 'DISABLE',
    });
    expect(findings(r, 'ambient-peerauthentication-disable')).toEqual([
      expect.objectContaining({ subject: 'amb2/off', severity: 'low' }),
    ]);
    // ambient PERMISSIVE/DISABLE is not a sidecar mtls finding
    expect(findings(r, 'mtls-permissive')).toEqual([]);
    expect(findings(r, 'mtls-disabled')).toEqual([]);
  });

  it('keeps hostNetwork pods outside the mesh, even with a proxy container, and out of coverage', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      pod('shop', 'agent', { hostNetwork: true, sidecar: true }),
      deployment('shop', 'web', { sidecar: true }),
    ]);
    expect(r.workloads['shop/agent']).toMatchObject({
      dataplane: 'none',
      mtlsMode: 'NONE',
    });
    expect(findings(r, 'host-network-pod').map(f => f.subject)).toEqual([
      'shop/agent',
    ]);
    expect(findings(r, 'pod-missing-proxy')).toEqual([]);
    expect(r.coverage.workloads).toBe(1);
  });
});

describe('injection findings', () => {
  it('flags a pod without proxy in an injection-enabled namespace, with a restart patch', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      deployment('shop', 'old'),
    ]);
    const f = findings(r, 'pod-missing-proxy');
    expect(f).toEqual([
      expect.objectContaining({ subject: 'shop/old', severity: 'high' }),
    ]);
    expect(f[0].remediation).toContain(
      'kubectl.kubernetes.io/restartedAt: 2026-08-03T09:00:00.000Z',
    );
    expect(f[0].remediation).toContain('patch deployment old');
  });

  it('treats istio.io/rev without istio-injection as injection-enabled', () => {
    const r = evaluate([
      namespace('shop', { 'istio.io/rev': 'canary' }),
      deployment('shop', 'old'),
    ]);
    expect(findings(r, 'pod-missing-proxy').map(f => f.subject)).toEqual([
      'shop/old',
    ]);
  });

  it('lets the pod label beat the annotation', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      // label says inject, annotation says no: the label wins, the proxy is missing
      pod('shop', 'label-wins', {
        labels: { 'sidecar.istio.io/inject': 'true' },
        annotations: { 'sidecar.istio.io/inject': 'false' },
      }),
      // annotation alone opts out
      pod('shop', 'annotation-only', {
        annotations: { 'sidecar.istio.io/inject': 'false' },
      }),
    ]);
    expect(findings(r, 'pod-missing-proxy').map(f => f.subject)).toEqual([
      'shop/label-wins',
    ]);
    expect(findings(r, 'injection-opt-out').map(f => f.subject)).toEqual([
      'shop/annotation-only',
    ]);
  });

  it('flags a pod label inject=true that istio-injection=disabled defeats', () => {
    const r = evaluate([
      namespace('tools', { 'istio-injection': 'disabled' }),
      pod('tools', 'retool', { labels: { 'sidecar.istio.io/inject': 'true' } }),
    ]);
    expect(r.workloads['tools/retool'].dataplane).toBe('none');
    const f = findings(r, 'injection-label-ineffective');
    expect(f).toEqual([
      expect.objectContaining({ subject: 'tools/retool', severity: 'low' }),
    ]);
    expect(f[0].remediation).toContain('istio-injection: null');
    expect(findings(r, 'pod-missing-proxy')).toEqual([]);
    expect(findings(r, 'workload-outside-mesh').map(x => x.subject)).toEqual([
      'tools/retool',
    ]);
  });

  it('expects a proxy for inject=true or a pod istio.io/rev in an unlabelled namespace', () => {
    const r = evaluate([
      namespace('tools'),
      pod('tools', 'opted-in', {
        labels: { 'sidecar.istio.io/inject': 'true' },
      }),
      pod('tools', 'rev', { labels: { 'istio.io/rev': 'stable' } }),
      pod('tools', 'plain'),
    ]);
    expect(findings(r, 'pod-missing-proxy').map(f => f.subject)).toEqual([
      'tools/opted-in',
      'tools/rev',
    ]);
    expect(findings(r, 'workload-outside-mesh').map(f => f.subject)).toEqual([
      'tools/plain',
    ]);
    expect(findings(r, 'workload-outside-mesh')[0].remediation).toContain(
      'istio-injection: enabled',
    );
  });

  it('reports namespaces with several injection labels', () => {
    const r = evaluate([
      namespace('mixed', {
        'istio-injection': 'enabled',
        'istio.io/rev': 'canary',
      }),
    ]);
    expect(findings(r, 'namespace-multiple-injection-labels')).toEqual([
      expect.objectContaining({ subject: '/mixed', severity: 'low' }),
    ]);
  });

  it('counts injection labels as istioctl IST0123 does', () => {
    const r = evaluate([
      // istio-injection=disabled silences the other two
      namespace('off-rev', {
        'istio-injection': 'disabled',
        'istio.io/rev': 'canary',
      }),
      namespace('off-ambient', {
        'istio-injection': 'disabled',
        'istio.io/dataplane-mode': 'ambient',
      }),
      // without istio-injection, rev and dataplane-mode compete
      namespace('rev-ambient', {
        'istio.io/rev': 'canary',
        'istio.io/dataplane-mode': 'ambient',
      }),
      namespace('istio-system', {
        'istio-injection': 'disabled',
        'istio.io/rev': 'canary',
        'istio.io/dataplane-mode': 'ambient',
      }),
    ]);
    expect(
      findings(r, 'namespace-multiple-injection-labels').map(f => f.subject),
    ).toEqual(['/rev-ambient']);
  });

  it("takes istio-cni's redirection annotation as ambient capture", () => {
    const r = evaluate([
      namespace('plain'),
      pod('plain', 'captured', {
        labels: { app: 'captured' },
        annotations: { 'ambient.istio.io/redirection': 'enabled' },
      }),
      pod('plain', 'with-sidecar', {
        sidecar: true,
        annotations: { 'ambient.istio.io/redirection': 'enabled' },
      }),
      authorizationPolicy('plain', 'only-captured', {
        selector: { matchLabels: { app: 'captured' } },
        rules: [{}],
      }),
    ]);
    expect(r.workloads['plain/captured'].dataplane).toBe('ambient');
    expect(r.workloads['plain/with-sidecar'].dataplane).toBe('sidecar');
    expect(findings(r, 'workload-outside-mesh')).toEqual([]);
    expect(findings(r, 'authz-selector-no-match')).toEqual([]);
  });

  it('leaves control-plane, root and kube-system workloads alone', () => {
    const r = evaluate([
      namespace('istio-system'),
      namespace('kube-system'),
      deployment('istio-system', 'istiod'),
      deployment('kube-system', 'coredns'),
    ]);
    expect(r.findings).toEqual([]);
    expect(r.workloads['istio-system/istiod'].dataplane).toBe('none');
    expect(r.coverage.byNamespace['istio-system']).toBeUndefined();
  });
});
