import type {
  Finding,
  MeshMetrics,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { MergedEdge, sum } from './edges';
import { formatRate, plural } from './format';

/**
 * plaintext-traffic-observed: the destination proxy labelled requests `none`, or
 * callers' proxies reported traffic to a workload that has no proxy at all (the
 * only signal a real cluster gives for sidecar-less callees).
 */
export function plaintextTrafficFindings(
  report: MeshReport,
  metrics: MeshMetrics,
  edges: MergedEdge[],
): Finding[] {
  const findings: Finding[] = [];
  for (const [key, workload] of Object.entries(report.workloads)) {
    const plaintext = edges.filter(
      e => e.destination === key && e.plaintextRate > 0,
    );
    if (plaintext.length === 0) continue;
    const callers = [...new Set(plaintext.map(e => e.source))].sort();
    const requests = sum(
      plaintext.filter(e => e.protocol !== 'tcp'),
      e => e.plaintextRate,
    );
    const connections = sum(
      plaintext.filter(e => e.protocol === 'tcp'),
      e => e.plaintextRate,
    );
    const volume = [
      requests > 0 ? `${formatRate(requests)} req/s` : '',
      connections > 0 ? `${formatRate(connections)} TCP connections/s` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const from = `${plural(callers.length, 'caller')} (${callers.join(', ')})`;
    const reason =
      workload.dataplane === 'none'
        ? `${key} has no sidecar, so the ${volume} it received from ${from} in the last ${metrics.window} travelled in plaintext.`
        : `${key} accepted ${volume} of plaintext from ${from} in the last ${metrics.window}; STRICT mTLS would reject these callers.`;
    findings.push({
      rule: 'plaintext-traffic-observed',
      severity: 'high',
      subject: key,
      reason,
      detail: { callers, rate: requests + connections },
    });
  }
  return findings;
}
