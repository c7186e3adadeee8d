import type {
  Finding,
  HealthThresholds,
  MeshMetrics,
  MeshReport,
  MeshTraffic,
  WorkloadTraffic,
} from '@mesh-security/plugin-mesh-security-common';
import { groupBy, mergeEdges, workloadLatencies } from './edges';
import { plaintextTrafficFindings } from './plaintextTraffic';
import { strictReadyFindings } from './strictReady';
import { observedCallerFindings } from './observedCallers';
import { unusedGrantFindings } from './unusedGrants';
import { meshTraffic, workloadTraffic } from './workloadTraffic';

/**
 * The metrics half of the posture engine: traffic per workload and for the mesh,
 * and the findings only metrics can show (metrics rules of docs/rules.md). Pure: the
 * report's cluster view decides what the labels cannot (a callee without proxy).
 * `metrics` has passed `parseMeshMetrics` (evaluateMesh checks it first).
 */
export function evaluateTraffic(args: {
  report: MeshReport;
  metrics: MeshMetrics;
  healthThresholds: HealthThresholds;
  strictReadyMinRequests: number;
}): {
  workloads: Record<string, WorkloadTraffic>;
  mesh: MeshTraffic;
  findings: Finding[];
} {
  const { report, metrics, healthThresholds, strictReadyMinRequests } = args;
  const edges = mergeEdges(metrics.flows, metrics.latencies, report);
  // indexed once: per-workload scans of every edge are quadratic on a large mesh
  const inbound = groupBy(edges, e => e.destination);
  const outbound = groupBy(edges, e => e.source);
  const latencies = workloadLatencies(metrics.latencies);
  const workloads: Record<string, WorkloadTraffic> = {};
  for (const key of Object.keys(report.workloads).sort()) {
    workloads[key] = workloadTraffic(
      inbound.get(key) ?? [],
      outbound.get(key) ?? [],
      latencies.get(key),
      healthThresholds,
    );
  }
  const findings = [
    ...plaintextTrafficFindings(report, metrics, inbound),
    ...strictReadyFindings(report, metrics, inbound, strictReadyMinRequests),
    ...unusedGrantFindings(report, metrics),
    ...observedCallerFindings(report, metrics),
  ].sort(
    (a, b) =>
      a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject),
  );
  return {
    workloads,
    mesh: meshTraffic(metrics, report, workloads, edges),
    findings,
  };
}
