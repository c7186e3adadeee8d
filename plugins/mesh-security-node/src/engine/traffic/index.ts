import type {
  Finding,
  HealthThresholds,
  MeshMetrics,
  MeshReport,
  MeshTraffic,
  WorkloadTraffic,
} from '@mesh-security/plugin-mesh-security-common';
import { mergeEdges } from './edges';
import { plaintextTrafficFindings } from './plaintextTraffic';
import { strictReadyFindings } from './strictReady';
import { unusedGrantFindings } from './unusedGrants';
import { meshTraffic, workloadTraffic } from './workloadTraffic';

/**
 * The metrics half of the posture engine: traffic per workload and for the mesh,
 * and the findings only metrics can show (RULES.md "From metrics"). Pure: the
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
  const workloads: Record<string, WorkloadTraffic> = {};
  for (const key of Object.keys(report.workloads).sort()) {
    workloads[key] = workloadTraffic(
      key,
      edges,
      metrics.latencies,
      healthThresholds,
    );
  }
  const findings = [
    ...plaintextTrafficFindings(report, metrics, edges),
    ...strictReadyFindings(report, metrics, edges, strictReadyMinRequests),
    ...unusedGrantFindings(report, metrics),
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
