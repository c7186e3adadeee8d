import type {
  Finding,
  MeshMetrics,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { MergedEdge, sum } from './edges';
import { formatRate, plural } from './format';

/**
 * Most callers a finding names, in `reason` and `detail.callers`: the
 * finding travels with every entity, scorecard and overview response, and a
 * mesh-wide scanner can be seen calling thousands of workloads.
 * `detail.callersTotal` keeps the count.
 */
export const CALLERS_LIMIT = 20;

/**
 * plaintext-traffic-observed: the destination proxy labelled requests `none`, or
 * callers' proxies reported traffic to a workload that has no proxy at all (the
 * only signal a real cluster gives for sidecar-less callees).
 */
export function plaintextTrafficFindings(
  report: MeshReport,
  metrics: MeshMetrics,
  inboundEdges: Map<string, MergedEdge[]>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [key, workload] of Object.entries(report.workloads)) {
    const plaintext = (inboundEdges.get(key) ?? []).filter(
      e => e.plaintextRate > 0,
    );
    if (plaintext.length === 0) continue;
    const all = plaintextRateBySource(plaintext);
    // the heaviest senders are the ones worth naming; shown in name order
    const callers = [...all.keys()]
      .sort((a, b) => all.get(b)! - all.get(a)! || a.localeCompare(b))
      .slice(0, CALLERS_LIMIT)
      .sort();
    const more = all.size - callers.length;
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
    const from = `${plural(all.size, 'caller')} (${callers.join(', ')}${
      more > 0 ? ` …and ${more} more` : ''
    })`;
    const reason =
      workload.dataplane === 'none'
        ? `${key} has no sidecar, so the ${volume} it received from ${from} in the last ${metrics.window} travelled in plaintext.`
        : `${key} accepted ${volume} of plaintext from ${from} in the last ${metrics.window}; STRICT mTLS would reject these callers.`;
    findings.push({
      rule: 'plaintext-traffic-observed',
      severity: 'high',
      subject: key,
      reason,
      detail: { callers, callersTotal: all.size, rate: requests + connections },
    });
  }
  return findings;
}

function plaintextRateBySource(edges: MergedEdge[]): Map<string, number> {
  const rates = new Map<string, number>();
  for (const e of edges) {
    rates.set(e.source, (rates.get(e.source) ?? 0) + e.plaintextRate);
  }
  return rates;
}
