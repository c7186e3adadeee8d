import { DEFAULT_HEALTH_THRESHOLDS } from '@mesh-security/plugin-mesh-security-common';
import type {
  AuthzRuleSummary,
  MeshMetrics,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateTraffic } from './index';
import { allowRule, identity, metrics, report, workload } from './testing';

const guarded = (allow: AuthzRuleSummary[], key = 'edge/api-gateway') =>
  workload(key, {
    authorization: {
      policies: [...new Set(allow.map(r => r.policy))],
      stance: 'restricted',
      custom: [],
      deny: [],
      allow,
      audit: [],
    },
  });

const unused = (r: MeshReport, m: MeshMetrics) =>
  evaluateTraffic({
    report: r,
    metrics: m,
    healthThresholds: DEFAULT_HEALTH_THRESHOLDS,
    strictReadyMinRequests: 100,
  }).findings.filter(f => f.rule === 'authz-unused-grant');

const GW = 'edge/api-gateway';

describe('authz-unused-grant', () => {
  it('matches metrics principals (spiffe://) against policy principals and reports the rest per policy and grant', () => {
    const r = report([
      guarded([
        allowRule('edge/allow-frontend', [
          { principals: ['cluster.local/ns/shop/sa/frontend'] },
        ]),
        allowRule('edge/allow-admin', [
          { principals: ['cluster.local/ns/shop/sa/admin-service'] },
        ]),
        allowRule('edge/allow-retool', [
          { principals: ['cluster.local/ns/tools/sa/retool'] },
        ]),
      ]),
    ]);
    const m = metrics({
      identities: [
        identity(GW, 'spiffe://cluster.local/ns/tools/sa/retool', 1_036_800),
      ],
    });
    const findings = unused(r, m);
    expect(findings.map(f => [f.subject, f.detail?.grant])).toEqual([
      ['edge/allow-admin', 'cluster.local/ns/shop/sa/admin-service'],
      ['edge/allow-frontend', 'cluster.local/ns/shop/sa/frontend'],
    ]);
    expect(findings[0]).toMatchObject({
      severity: 'low',
      detail: { related: [GW] },
    });
    expect(findings[0].reason).toContain('24h');
  });

  it('treats cluster.local, the trust domain and its aliases as one', () => {
    const r = report(
      [
        guarded([
          allowRule('edge/by-alias', [
            { principals: ['old.example/ns/tools/sa/retool'] },
          ]),
          allowRule('edge/by-default', [
            { principals: ['cluster.local/ns/shop/sa/orders'] },
          ]),
          allowRule('edge/foreign', [
            { principals: ['partner.example/ns/tools/sa/retool'] },
          ]),
        ]),
      ],
      { trustDomain: 'prod.example', trustDomainAliases: ['old.example'] },
    );
    const m = metrics({
      identities: [
        identity(GW, 'spiffe://prod.example/ns/tools/sa/retool', 10),
        identity(GW, 'spiffe://old.example/ns/shop/sa/orders', 10),
      ],
    });
    // a foreign trust domain is not rewritten, so the caller from prod.example does not use it
    expect(unused(r, m).map(f => f.subject)).toEqual(['edge/foreign']);
  });

  it('matches namespace and service-account grants and Istio prefix/suffix patterns; skips "*"', () => {
    const r = report([
      guarded([
        allowRule('edge/ns', [{ namespaces: ['tools', 'billing'] }]),
        allowRule('edge/prefix', [
          { principals: ['cluster.local/ns/tools/*', '*/sa/ghost'] },
        ]),
        allowRule('edge/any', [{ principals: ['*'], namespaces: ['*'] }]),
        allowRule('edge/sa', [
          { serviceAccounts: ['tools/retool', 'tools/ghost'] },
        ]),
      ]),
    ]);
    const m = metrics({
      identities: [
        identity(GW, 'spiffe://cluster.local/ns/tools/sa/retool', 5),
      ],
    });
    expect(unused(r, m).map(f => `${f.subject} ${f.detail?.grant}`)).toEqual([
      'edge/ns billing',
      'edge/prefix */sa/ghost',
      'edge/sa tools/ghost',
    ]);
  });

  it('ignores plaintext and zero-count samples as evidence', () => {
    const r = report([
      guarded([
        allowRule('edge/retool', [
          { principals: ['cluster.local/ns/tools/sa/retool'] },
        ]),
      ]),
    ]);
    const m = metrics({
      identities: [
        identity(GW, 'spiffe://cluster.local/ns/tools/sa/retool', 0),
        identity(GW, 'unknown', 100, 'none'),
      ],
    });
    expect(unused(r, m)).toHaveLength(1);
  });

  it('counts a grant as used when any workload the policy covers saw the caller', () => {
    const rule = allowRule('shop/ns-wide', [
      { principals: ['cluster.local/ns/edge/sa/api-gateway'] },
    ]);
    const r = report([
      guarded([rule], 'shop/orders'),
      guarded([rule], 'shop/users'),
    ]);
    const seenByUsers = metrics({
      identities: [
        identity(
          'shop/users',
          'spiffe://cluster.local/ns/edge/sa/api-gateway',
          3,
        ),
      ],
    });
    expect(unused(r, seenByUsers)).toEqual([]);
    const [finding] = unused(r, metrics());
    expect(finding.detail?.related).toEqual(['shop/orders', 'shop/users']);
    expect(finding.reason).toContain('2 workloads');
  });

  it('skips workloads without proxy, where nothing enforces the policy', () => {
    const rule = allowRule('legacy/allow', [
      { principals: ['cluster.local/ns/shop/sa/orders'] },
    ]);
    const r = report([
      workload('legacy/old', {
        dataplane: 'none',
        authorization: {
          policies: ['legacy/allow'],
          stance: 'restricted',
          custom: [],
          deny: [],
          allow: [rule],
          audit: [],
        },
      }),
    ]);
    expect(unused(r, metrics())).toEqual([]);
  });
});
