import type {
  ClientTlsOutcome,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import {
  deployment,
  destinationRule,
  evaluate,
  findings,
  meshConfig,
  namespace,
  peerAuthentication,
  service,
  type Objects,
} from './__testUtils__/builders';

const HOST = 'payments.pay.svc.cluster.local';

/** A meshed client namespace `shop`, an optional second one `tools`, and server payments in `pay`. */
function mesh(extra: Objects[] = [], serverSidecar = true): Objects[] {
  return [
    namespace('shop', { 'istio-injection': 'enabled' }),
    namespace('tools', { 'istio-injection': 'enabled' }),
    namespace('pay', serverSidecar ? { 'istio-injection': 'enabled' } : {}),
    deployment('shop', 'orders', { sidecar: true }),
    deployment('tools', 'retool', { sidecar: true }),
    deployment('pay', 'payments', {
      sidecar: serverSidecar,
      ports: [8080, 9443],
    }),
    service('pay', 'payments', { app: 'payments' }, [
      { port: 80, targetPort: 8080, name: 'http' },
      { port: 443, targetPort: 9443, name: 'https' },
    ]),
    ...extra,
  ];
}

/** The rows that hold for `client`: its own, or else the shared `*` rows. */
function rows(
  r: MeshReport,
  client: string,
  port = 80,
  serviceKey = 'pay/payments',
): ClientTlsOutcome[] {
  const svc = r.services.find(s => s.service === serviceKey)!;
  const own = svc.clients.filter(
    c => c.clientNamespace === client && c.port === port,
  );
  return own.length > 0
    ? own
    : svc.clients.filter(c => c.clientNamespace === '*' && c.port === port);
}
const namespacesWithOwnRows = (r: MeshReport) => [
  ...new Set(
    r.services
      .find(s => s.service === 'pay/payments')!
      .clients.map(c => c.clientNamespace),
  ),
];
const row = (r: MeshReport, client: string, port = 80) =>
  rows(r, client, port).find(c => c.subset === undefined)!;

describe('client TLS (docs/semantics.md §2)', () => {
  it('lists every selecting Service with ports, workloads and shared rows per port for client namespaces', () => {
    const r = evaluate(mesh([service('pay', 'headless-external', null)]));
    expect(r.services.map(s => s.service)).toEqual(['pay/payments']);
    const svc = r.services[0];
    expect(svc.host).toBe(HOST);
    expect(svc.ports).toEqual([
      { port: 80, targetPort: 8080, name: 'http' },
      { port: 443, targetPort: 9443, name: 'https' },
    ]);
    expect(svc.workloads).toEqual(['pay/payments']);
    // every client namespace gets the same (no) DestinationRule: one shared row per port
    expect(svc.clients.map(c => `${c.clientNamespace}:${c.port}`)).toEqual([
      '*:80',
      '*:443',
    ]);
    expect(row(r, 'shop')).toMatchObject({
      clientTls: 'AUTO',
      outcome: 'mtls',
      serverMode: 'PERMISSIVE',
      destinationRule: null,
    });
    expect(r.workloads['pay/payments'].services).toEqual(['pay/payments']);
  });

  it('resolves named target ports against container port names', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      deployment('shop', 'orders', { sidecar: true }),
      deployment('shop', 'api', {
        sidecar: true,
        ports: [{ port: 8443, name: 'grpc' }],
      }),
      service('shop', 'api', { app: 'api' }, [
        { port: 50051, targetPort: 'grpc', name: 'grpc' },
      ]),
      peerAuthentication('shop', 'api', {
        selector: { app: 'api' },
        mode: 'STRICT',
        portLevel: { 8443: 'PERMISSIVE' },
      }),
    ]);
    expect(r.workloads['shop/api'].portModes).toEqual({ '8443': 'PERMISSIVE' });
    const svc = r.services.find(s => s.service === 'shop/api')!;
    expect(svc.clients[0]).toMatchObject({
      port: 50051,
      serverMode: 'PERMISSIVE',
      outcome: 'mtls',
    });
  });

  it('uses plaintext under auto mTLS when the server has no proxy, and ISTIO_MUTUAL then fails', () => {
    const plain = evaluate(mesh([], false));
    expect(row(plain, 'shop')).toMatchObject({
      clientTls: 'AUTO',
      serverMode: 'NONE',
      outcome: 'plaintext',
    });
    const dr = evaluate(
      mesh(
        [
          destinationRule('pay', 'payments', 'payments', {
            tls: 'ISTIO_MUTUAL',
          }),
        ],
        false,
      ),
    );
    expect(row(dr, 'shop')).toMatchObject({
      clientTls: 'ISTIO_MUTUAL',
      outcome: 'fails',
      destinationRule: 'pay/payments',
    });
    const f = findings(dr, 'dr-istio-mutual-to-non-mesh');
    expect(f.map(x => [x.subject, x.port, x.severity])).toEqual([
      ['pay/payments', 80, 'high'],
      ['pay/payments', 443, 'high'],
    ]);
    expect(f[0].detail?.clientNamespaces).toEqual(['*']);
  });

  it('sends plaintext under auto mTLS to a DISABLE server port', () => {
    const r = evaluate(
      mesh([
        peerAuthentication('pay', 'p', {
          selector: { app: 'payments' },
          mode: 'STRICT',
          portLevel: { 8080: 'DISABLE' },
        }),
      ]),
    );
    expect(row(r, 'shop')).toMatchObject({
      clientTls: 'AUTO',
      serverMode: 'DISABLE',
      outcome: 'plaintext',
    });
    expect(row(r, 'shop', 443)).toMatchObject({
      serverMode: 'STRICT',
      outcome: 'mtls',
    });
  });

  it('fails when a DR disables TLS to a STRICT server (critical, with an ISTIO_MUTUAL patch)', () => {
    const r = evaluate(
      mesh([
        peerAuthentication('pay', 'default', { mode: 'STRICT' }),
        destinationRule('pay', 'payments', HOST, { tls: 'DISABLE' }),
      ]),
    );
    expect(row(r, 'shop')).toMatchObject({
      clientTls: 'DISABLE',
      serverMode: 'STRICT',
      outcome: 'fails',
    });
    const f = findings(r, 'dr-tls-disable-to-strict');
    expect(f.map(x => [x.subject, x.port, x.severity])).toEqual([
      ['pay/payments', 80, 'critical'],
      ['pay/payments', 443, 'critical'],
    ]);
    expect(f[0].remediation).toContain('mode: ISTIO_MUTUAL');
    expect(r.findings[0].severity).toBe('critical');
  });

  it('treats SIMPLE to STRICT as a failure and SIMPLE to PERMISSIVE as tls', () => {
    const strict = evaluate(
      mesh([
        peerAuthentication('pay', 'default', { mode: 'STRICT' }),
        destinationRule('pay', 'p', HOST, { tls: 'SIMPLE' }),
      ]),
    );
    expect(row(strict, 'shop').outcome).toBe('fails');
    expect(findings(strict, 'dr-tls-disable-to-strict')).toHaveLength(2);
    const permissive = evaluate(
      mesh([destinationRule('pay', 'p', HOST, { tls: 'SIMPLE' })]),
    );
    expect(row(permissive, 'shop')).toMatchObject({
      clientTls: 'SIMPLE',
      outcome: 'tls',
    });
    expect(findings(permissive, 'dr-tls-disable-to-strict')).toEqual([]);
  });

  it('flags a DR that forces plaintext to a PERMISSIVE sidecar', () => {
    const r = evaluate(
      mesh([destinationRule('pay', 'p', HOST, { tls: 'DISABLE' })]),
    );
    expect(row(r, 'shop')).toMatchObject({
      outcome: 'plaintext',
      serverMode: 'PERMISSIVE',
    });
    expect(
      findings(r, 'dr-tls-disable-in-mesh').map(f => [
        f.subject,
        f.port,
        f.severity,
      ]),
    ).toEqual([
      ['pay/p', 80, 'medium'],
      ['pay/p', 443, 'medium'],
    ]);
  });

  describe('lookup order', () => {
    it('prefers a DR in the client namespace over the service namespace, which beats the root namespace', () => {
      const r = evaluate(
        mesh([
          destinationRule('shop', 'client-side', HOST, { tls: 'SIMPLE' }),
          destinationRule('pay', 'server-side', HOST, { tls: 'ISTIO_MUTUAL' }),
          destinationRule('istio-system', 'root', '*.svc.cluster.local', {
            tls: 'DISABLE',
          }),
        ]),
      );
      expect(row(r, 'shop')).toMatchObject({
        destinationRule: 'shop/client-side',
        clientTls: 'SIMPLE',
      });
      expect(row(r, 'tools')).toMatchObject({
        destinationRule: 'pay/server-side',
        clientTls: 'ISTIO_MUTUAL',
      });
      expect(row(r, 'pay')).toMatchObject({
        destinationRule: 'pay/server-side',
      });
      expect(namespacesWithOwnRows(r)).toEqual(['*', 'shop']);
    });

    it('respects exportTo of the service namespace and falls back to the root namespace', () => {
      const r = evaluate(
        mesh([
          destinationRule('pay', 'private', HOST, {
            tls: 'ISTIO_MUTUAL',
            exportTo: ['.'],
          }),
          destinationRule('pay', 'for-tools', 'payments', {
            tls: 'SIMPLE',
            exportTo: ['tools'],
          }),
          destinationRule('istio-system', 'root', '*.svc.cluster.local', {
            tls: 'DISABLE',
          }),
        ]),
      );
      expect(row(r, 'pay')).toMatchObject({ destinationRule: 'pay/private' });
      expect(row(r, 'tools')).toMatchObject({
        destinationRule: 'pay/for-tools',
        clientTls: 'SIMPLE',
      });
      expect(row(r, 'shop')).toMatchObject({
        destinationRule: 'istio-system/root',
        clientTls: 'DISABLE',
      });
      expect(namespacesWithOwnRows(r)).toEqual(['*', 'pay', 'tools']);
    });

    it('does not apply a client-namespace DR that is not exported to its own namespace', () => {
      const r = evaluate(
        mesh([
          destinationRule('shop', 'elsewhere', HOST, {
            tls: 'DISABLE',
            exportTo: ['tools'],
          }),
        ]),
      );
      expect(row(r, 'shop')).toMatchObject({
        destinationRule: null,
        clientTls: 'AUTO',
      });
    });

    it('picks the most specific host and resolves short hosts against the DR namespace', () => {
      const r = evaluate(
        mesh([
          destinationRule('shop', 'all', '*', { tls: 'DISABLE' }),
          destinationRule('shop', 'pay-ns', '*.pay.svc.cluster.local', {
            tls: 'SIMPLE',
          }),
          destinationRule('tools', 'short', 'payments', { tls: 'DISABLE' }), // payments.tools…, not ours
          destinationRule('tools', 'exact', HOST, { tls: 'ISTIO_MUTUAL' }),
        ]),
      );
      expect(row(r, 'shop')).toMatchObject({
        destinationRule: 'shop/pay-ns',
        clientTls: 'SIMPLE',
      });
      expect(row(r, 'tools')).toMatchObject({
        destinationRule: 'tools/exact',
        clientTls: 'ISTIO_MUTUAL',
      });
    });

    it('merges same-host DRs of one namespace: first trafficPolicy by age, subsets concatenated', () => {
      const r = evaluate(
        mesh([
          destinationRule('pay', 'newer', HOST, {
            tls: 'DISABLE',
            created: 9,
            subsets: [{ name: 'v2', labels: { app: 'payments' } }],
          }),
          destinationRule('pay', 'older', HOST, {
            tls: 'ISTIO_MUTUAL',
            created: 1,
            subsets: [{ name: 'v1', labels: { app: 'payments' } }],
          }),
        ]),
      );
      expect(row(r, 'shop')).toMatchObject({
        destinationRule: 'pay/older',
        clientTls: 'ISTIO_MUTUAL',
      });
      expect(rows(r, 'shop').map(c => c.subset ?? '-')).toEqual([
        '-',
        'v1',
        'v2',
      ]);
    });
  });

  it('lets portLevelSettings (by Service port) override the top-level tls', () => {
    const r = evaluate(
      mesh([
        peerAuthentication('pay', 'default', { mode: 'STRICT' }),
        destinationRule('pay', 'p', HOST, {
          tls: 'ISTIO_MUTUAL',
          portLevel: [{ port: 443, tls: 'DISABLE' }],
        }),
      ]),
    );
    expect(row(r, 'shop', 80)).toMatchObject({
      clientTls: 'ISTIO_MUTUAL',
      outcome: 'mtls',
    });
    expect(row(r, 'shop', 443)).toMatchObject({
      clientTls: 'DISABLE',
      outcome: 'fails',
    });
    const f = findings(r, 'dr-tls-disable-to-strict');
    expect(f.map(x => x.port)).toEqual([443]);
    expect(f[0].remediation).toContain('portLevelSettings');
  });

  it('gives subsets their own rows, the subset policy overriding the DR-level one', () => {
    const r = evaluate(
      mesh([
        peerAuthentication('pay', 'default', { mode: 'STRICT' }),
        destinationRule('pay', 'p', HOST, {
          tls: 'ISTIO_MUTUAL',
          subsets: [
            { name: 'legacy', labels: { app: 'payments' }, tls: 'DISABLE' },
            { name: 'nobody', labels: { version: 'v9' }, tls: 'DISABLE' },
          ],
        }),
      ]),
    );
    const shop80 = rows(r, 'shop');
    expect(shop80.map(c => [c.subset ?? '-', c.clientTls, c.outcome])).toEqual([
      ['-', 'ISTIO_MUTUAL', 'mtls'],
      ['legacy', 'DISABLE', 'fails'],
    ]);
    expect(findings(r, 'dr-tls-disable-to-strict')[0].remediation).toContain(
      'name: legacy',
    );
  });

  it('without auto mTLS and without DR tls, clients send plaintext that STRICT servers reject', () => {
    const r = evaluate(
      mesh([
        meshConfig({ enableAutoMtls: false }),
        peerAuthentication('pay', 'default', { mode: 'STRICT' }),
      ]),
    );
    expect(r.assumptions.enableAutoMtls).toBe(false);
    expect(row(r, 'shop')).toMatchObject({
      clientTls: 'NONE',
      outcome: 'fails',
      serverMode: 'STRICT',
    });
    const f = findings(r, 'client-plaintext-to-strict');
    expect(f.map(x => [x.subject, x.port, x.severity])).toEqual([
      ['pay/payments', 8080, 'critical'],
      ['pay/payments', 9443, 'critical'],
    ]);
    expect(f[0].remediation).toContain('host: payments.pay.svc.cluster.local');
    expect(findings(r, 'auto-mtls-disabled')).toEqual([
      expect.objectContaining({
        subject: 'istio-system/istio',
        severity: 'medium',
      }),
    ]);
    const permissive = evaluate(mesh([meshConfig({ enableAutoMtls: false })]));
    expect(row(permissive, 'shop')).toMatchObject({
      clientTls: 'NONE',
      outcome: 'plaintext',
    });
    expect(findings(permissive, 'client-plaintext-to-strict')).toEqual([]);
  });

  it('gives the root namespace its own lookup: only its private rules come first', () => {
    const r = evaluate(
      mesh([
        deployment('istio-system', 'istio-ingressgateway', { sidecar: true }),
        destinationRule('istio-system', 'public', HOST, { tls: 'SIMPLE' }),
        destinationRule('istio-system', 'private', '*.pay.svc.cluster.local', {
          tls: 'DISABLE',
          exportTo: ['.'],
        }),
        destinationRule('pay', 'server-side', HOST, { tls: 'ISTIO_MUTUAL' }),
      ]),
    );
    expect(row(r, 'istio-system')).toMatchObject({
      destinationRule: 'istio-system/private',
      clientTls: 'DISABLE',
    });
    expect(row(r, 'shop')).toMatchObject({
      destinationRule: 'pay/server-side',
    });
  });

  it('names the failing client namespaces, with * for all without a row of their own', () => {
    const r = evaluate(
      mesh([
        peerAuthentication('pay', 'default', { mode: 'STRICT' }),
        destinationRule('pay', 'server-side', HOST, { tls: 'DISABLE' }),
        destinationRule('tools', 'client-side', HOST, { tls: 'ISTIO_MUTUAL' }),
      ]),
    );
    expect(row(r, 'tools')).toMatchObject({ outcome: 'mtls' });
    expect(row(r, 'shop')).toMatchObject({ outcome: 'fails' });
    const f = findings(r, 'dr-tls-disable-to-strict')[0];
    expect(f.detail?.clientNamespaces).toEqual(['*']);
    expect(f.reason).toContain('every namespace with sidecars');
  });

  it('has no client rows when no namespace holds sidecar clients', () => {
    const r = evaluate([
      namespace('pay'),
      deployment('pay', 'payments'),
      service('pay', 'payments', { app: 'payments' }),
    ]);
    expect(r.services[0].clients).toEqual([]);
  });

  it('counts an ambient server as reached over HBONE', () => {
    const r = evaluate([
      namespace('shop', { 'istio-injection': 'enabled' }),
      namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
      deployment('shop', 'orders', { sidecar: true }),
      deployment('amb', 'api'),
      service('amb', 'api', { app: 'api' }),
      peerAuthentication('amb', 'default', { mode: 'STRICT' }),
    ]);
    expect(r.services[0].clients).toEqual([
      expect.objectContaining({
        clientNamespace: '*',
        clientTls: 'AUTO',
        serverMode: 'STRICT',
        outcome: 'mtls',
      }),
    ]);
  });
});
