/** Postures far larger than the demo's, to check paging and graph limits. */
import type {
  EntityPosture,
  Finding,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { countBySeverity, flow } from './build';
import { paymentServicePosture } from './scenarioPostures';

/** payment-service with `count` inbound callers; caller i sends i+1 rps. */
export function postureWithManyEdges(count: number): EntityPosture {
  const base = paymentServicePosture;
  const inbound = Array.from({ length: count }, (_, i) =>
    flow('inbound', `load/caller-${String(i).padStart(4, '0')}`, i + 1, {
      plaintext: i % 10 === 0,
      mtlsShare: i % 10 === 0 ? 0 : 1,
    }),
  );
  const workload = base.workloads[0];
  return {
    ...base,
    workloads: [
      {
        ...workload,
        traffic: { ...workload.traffic!, inbound, outbound: [] },
      },
    ],
  };
}

/** payment-service with `count` low findings, numbered in their reason. */
export function postureWithManyFindings(count: number): EntityPosture {
  const severities: Severity[] = ['high', 'medium', 'low'];
  const findings: Finding[] = Array.from({ length: count }, (_, i) => ({
    rule: 'authz-unused-grant',
    severity: severities[i % severities.length],
    subject: `payments/policy-${i}`,
    reason: `Finding number ${i}.`,
    detail: { grant: `cluster.local/ns/load/sa/caller-${i}` },
  }));
  return {
    ...paymentServicePosture,
    findings: findings.map(f => ({ ...f, cluster: 'demo' })),
    summary: {
      ...paymentServicePosture.summary,
      worstSeverity: 'high',
      findingsBySeverity: countBySeverity(findings),
    },
  };
}
