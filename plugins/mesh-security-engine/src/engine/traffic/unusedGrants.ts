import type {
  AuthzSource,
  Finding,
  MeshMetrics,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { workloadKey } from './edges';
import { plural } from './format';
import {
  Principal,
  localTrustDomains,
  namespaceGrantMatches,
  parsePrincipal,
  principalGrantMatches,
  serviceAccountGrantMatches,
} from './principals';

type GrantField = 'principals' | 'namespaces' | 'serviceAccounts';
const GRANT_FIELDS: GrantField[] = [
  'principals',
  'namespaces',
  'serviceAccounts',
];

interface Grant {
  policy: string;
  field: GrantField;
  value: string;
  workloads: Set<string>;
  used: boolean;
}

/**
 * authz-unused-grant: an ALLOW rule names a caller (principal, namespace or service
 * account) that never called any workload the policy covers in the long window.
 * Only authenticated callers can match these fields, so plaintext samples are ignored.
 */
export function unusedGrantFindings(
  report: MeshReport,
  metrics: MeshMetrics,
): Finding[] {
  const domains = localTrustDomains(report.assumptions);
  const callersOf = new Map<string, Principal[]>();
  for (const s of metrics.identities) {
    const principal = s.count > 0 ? parsePrincipal(s.sourcePrincipal) : null;
    if (!principal) continue;
    const key = workloadKey(s.destinationNamespace, s.destinationWorkload);
    const list = callersOf.get(key);
    if (list) list.push(principal);
    else callersOf.set(key, [principal]);
  }

  const matches = (field: GrantField, grant: string, p: Principal) => {
    if (field === 'principals') return principalGrantMatches(grant, p, domains);
    if (field === 'namespaces') return namespaceGrantMatches(grant, p);
    return serviceAccountGrantMatches(grant, p);
  };

  const grants = new Map<string, Grant>();
  for (const [key, workload] of Object.entries(report.workloads)) {
    if (!workload.inMesh) continue; // nothing enforces a policy without a proxy
    const callers = callersOf.get(key) ?? [];
    for (const rule of workload.authorization.allow) {
      if (rule.dryRun) continue; // grants nothing yet (RULES "Dry-run policies")
      for (const source of rule.from) {
        for (const field of GRANT_FIELDS) {
          for (const value of (source as AuthzSource)[field] ?? []) {
            if (value === '*') continue; // "any authenticated caller" is not a named grant
            const id = `${rule.policy}\u0000${field}\u0000${value}`;
            const grant = grants.get(id) ?? {
              policy: rule.policy,
              field,
              value,
              workloads: new Set<string>(),
              used: false,
            };
            grant.workloads.add(key);
            grant.used ||= callers.some(p => matches(field, value, p));
            grants.set(id, grant);
          }
        }
      }
    }
  }

  const findings: Finding[] = [];
  for (const g of grants.values()) {
    if (g.used) continue;
    const workloads = [...g.workloads].sort();
    const target =
      workloads.length === 1
        ? workloads[0]
        : plural(workloads.length, 'workload');
    const who = g.field === 'namespaces' ? `namespace ${g.value}` : g.value;
    findings.push({
      rule: 'authz-unused-grant',
      severity: 'low',
      subject: g.policy,
      reason: `${g.policy} allows ${who} to call ${target}, but no such caller was observed in the last ${metrics.longWindow}.`,
      detail: { grant: g.value, field: g.field, related: workloads },
    });
  }
  return findings;
}
