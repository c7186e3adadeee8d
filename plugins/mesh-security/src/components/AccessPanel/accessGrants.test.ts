import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import { apiGatewayPosture } from '../../__fixtures__';
import { accessGrants } from './accessGrants';

const gateway = apiGatewayPosture.workloads[0];

describe('accessGrants', () => {
  it('lists each ALLOW rule with its principals and operations', () => {
    const grants = accessGrants(gateway.authorization, []);
    expect(grants.map(g => g.policy)).toEqual([
      'edge/allow-frontend',
      'edge/allow-admin-service',
      'edge/allow-retool',
    ]);
    expect(grants[2].sources).toEqual([
      {
        kind: 'principal',
        value: 'cluster.local/ns/tools/sa/retool',
        negated: false,
        flags: [],
      },
    ]);
    expect(grants[2].operations).toEqual([
      'GET, POST /api/v1/users/*, /api/v1/orders/*',
    ]);
  });

  it('flags unknown and unused principals from the findings that name them', () => {
    const grants = accessGrants(
      gateway.authorization,
      apiGatewayPosture.findings,
    );
    const flags = Object.fromEntries(
      grants.flatMap(g => g.sources.map(s => [s.value, s.flags])),
    );
    expect(flags).toEqual({
      'cluster.local/ns/shop/sa/frontend': [
        'unknown service account',
        'unused',
      ],
      'cluster.local/ns/shop/sa/admin-service': ['unused'],
      'cluster.local/ns/tools/sa/retool': [],
    });
  });

  it('matches spiffe:// principals, but not a finding about another policy of the workload', () => {
    const findings: Finding[] = [
      {
        rule: 'authz-unused-grant',
        severity: 'low',
        subject: 'edge/allow-admin-service',
        reason: 'r',
        detail: { grant: 'spiffe://cluster.local/ns/tools/sa/retool' },
      },
      {
        rule: 'authz-unused-grant',
        severity: 'low',
        subject: 'edge/allow-retool',
        reason: 'r',
        detail: { grant: 'spiffe://cluster.local/ns/shop/sa/admin-service' },
      },
    ];
    const grants = accessGrants(gateway.authorization, findings);
    expect(grants.flatMap(g => g.sources.map(s => s.flags))).toEqual([
      [],
      [],
      [],
    ]);
  });

  it('describes any-caller rules, negations and conditions', () => {
    const [grant] = accessGrants(
      {
        policies: ['ns/p'],
        stance: 'restricted',
        custom: [],
        deny: [],
        audit: [],
        allow: [
          {
            policy: 'ns/p',
            action: 'ALLOW',
            ruleIndex: 0,
            from: [{ notNamespaces: ['untrusted'] }],
            to: [{ ports: ['8080'], notPaths: ['/admin'] }],
            when: [{ key: 'request.headers[x-team]', values: ['a', 'b'] }],
            matchesEverything: false,
            dryRun: true,
          },
        ],
      },
      [],
    );
    expect(grant.sources).toEqual([
      { kind: 'namespace', value: 'untrusted', negated: true, flags: [] },
    ]);
    expect(grant.operations).toEqual(['any method port 8080 except /admin']);
    expect(grant.conditions).toEqual(['request.headers[x-team] in [a, b]']);
    expect(grant.dryRun).toBe(true);
  });
});
