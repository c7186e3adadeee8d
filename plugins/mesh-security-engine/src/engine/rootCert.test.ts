import { X509Certificate } from 'node:crypto';
import { selfSignedPem } from './__testUtils__/certs';
import { certificateNotAfter } from './rootCert';
import {
  NOW,
  evaluate,
  findings,
  namespace,
  rootCertConfigMap,
} from './__testUtils__/builders';

const DAY = 86_400_000;
const inDays = (d: number) => new Date(NOW.getTime() + d * DAY);

describe('root certificate expiry', () => {
  // RSA key generation is the slow part: make each certificate once.
  const years = selfSignedPem(inDays(3650), 'long');
  const month = selfSignedPem(inDays(20), 'month');
  const week = selfSignedPem(inDays(5), 'week');
  const expired = selfSignedPem(inDays(-1), 'expired');

  it('reports nothing for a root valid for years, and exposes its notAfter', () => {
    const r = evaluate([
      namespace('istio-system'),
      rootCertConfigMap('istio-system', years),
    ]);
    expect(findings(r, 'root-cert-expiring')).toEqual([]);
    expect(new Date(r.rootCertNotAfter!).getTime()).toBe(
      Math.floor(inDays(3650).getTime() / 1000) * 1000,
    );
  });

  it('is high within 30 days and critical within 7 days or once expired', () => {
    const sev = (pem: string) =>
      findings(
        evaluate([rootCertConfigMap('istio-system', pem)]),
        'root-cert-expiring',
      )[0]?.severity;
    expect(sev(month)).toBe('high');
    expect(sev(week)).toBe('critical');
    expect(sev(expired)).toBe('critical');
    expect(
      findings(
        evaluate([rootCertConfigMap('istio-system', expired)]),
        'root-cert-expiring',
      )[0].reason,
    ).toContain('expired');
  });

  it('uses the earliest notAfter of a bundle of several roots', () => {
    const r = evaluate([
      rootCertConfigMap('istio-system', `${years}\n${month}`),
    ]);
    expect(findings(r, 'root-cert-expiring')).toEqual([
      expect.objectContaining({
        subject: 'istio-system/istio-ca-root-cert',
        severity: 'high',
      }),
    ]);
    expect(r.rootCertNotAfter).toBe(
      new Date(Math.floor(inDays(20).getTime() / 1000) * 1000).toISOString(),
    );
  });

  it('reports identical copies once, against the control-plane copy, and distinct copies separately', () => {
    const r = evaluate([
      rootCertConfigMap('apps', week),
      rootCertConfigMap('istio-system', week),
      rootCertConfigMap('shop', week),
      rootCertConfigMap('stale', expired),
    ]);
    const f = findings(r, 'root-cert-expiring');
    expect(f.map(x => x.subject)).toEqual([
      'istio-system/istio-ca-root-cert',
      'stale/istio-ca-root-cert',
    ]);
    expect(f[0].detail?.related).toEqual([
      'apps/istio-ca-root-cert',
      'shop/istio-ca-root-cert',
    ]);
  });

  it('falls back to the first copy when the control-plane namespace has none', () => {
    const r = evaluate([
      rootCertConfigMap('shop', month),
      rootCertConfigMap('apps', month),
    ]);
    expect(findings(r, 'root-cert-expiring').map(x => x.subject)).toEqual([
      'apps/istio-ca-root-cert',
    ]);
  });

  it('reports a bundle whose expiry cannot be read (high), never skips it', () => {
    const broken =
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n';
    const r = evaluate([
      rootCertConfigMap('istio-system', broken),
      rootCertConfigMap('shop', 'garbage'),
      rootCertConfigMap('tools', `${years}${broken}`),
    ]);
    const f = findings(r, 'root-cert-expiring');
    expect(f.map(x => [x.subject, x.severity, x.detail?.unreadable])).toEqual([
      ['istio-system/istio-ca-root-cert', 'high', true],
      ['shop/istio-ca-root-cert', 'high', true],
      ['tools/istio-ca-root-cert', 'high', true],
    ]);
    expect(f[0].reason).toContain('expiry is unknown');
    expect(f[2].reason).toContain('the readable ones expire from');
    expect(r.warnings).toEqual([
      expect.stringContaining('istio-system/istio-ca-root-cert'),
      expect.stringContaining('shop/istio-ca-root-cert'),
      expect.stringContaining('tools/istio-ca-root-cert'),
    ]);
  });

  it('reads the expiry where X509Certificate has no validToDate (Node 20)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(
      X509Certificate.prototype,
      'validToDate',
    );
    Object.defineProperty(X509Certificate.prototype, 'validToDate', {
      configurable: true,
      get: () => undefined,
    });
    try {
      const notAfter = certificateNotAfter(week);
      expect(notAfter).toBeInstanceOf(Date);
      // validTo has second precision
      expect(Math.abs(notAfter!.getTime() - inDays(5).getTime())).toBeLessThan(
        1000,
      );
      const r = evaluate([rootCertConfigMap('istio-system', week)]);
      expect(findings(r, 'root-cert-expiring')[0].severity).toBe('critical');
    } finally {
      if (descriptor)
        Object.defineProperty(
          X509Certificate.prototype,
          'validToDate',
          descriptor,
        );
      else delete (X509Certificate.prototype as any).validToDate;
    }
  });
});
