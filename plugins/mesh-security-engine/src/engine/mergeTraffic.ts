import {
  DEFAULT_HEALTH_THRESHOLDS,
  type Finding,
  type MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { findingKey, sortFindings } from './findings/sink';
import { evaluateTraffic } from './traffic';
import type { EngineInput } from './types';

const DEFAULT_STRICT_READY_MIN_REQUESTS = 100;

/** Adds the traffic the metrics show to the report: per workload, mesh-wide, and its findings. */
export function mergeTraffic(
  report: MeshReport,
  metrics: NonNullable<EngineInput['metrics']>,
  options: NonNullable<EngineInput['options']>,
): void {
  const traffic = evaluateTraffic({
    report,
    metrics,
    healthThresholds: options.healthThresholds ?? DEFAULT_HEALTH_THRESHOLDS,
    strictReadyMinRequests:
      options.strictReadyMinRequests ?? DEFAULT_STRICT_READY_MIN_REQUESTS,
  });
  for (const [key, t] of Object.entries(traffic.workloads)) {
    const w = report.workloads[key];
    if (w) w.traffic = t;
  }
  report.traffic = traffic.mesh;
  const seen = new Set(report.findings.map(findingKey));
  const added: Finding[] = traffic.findings.filter(
    f => !seen.has(findingKey(f)),
  );
  report.findings = sortFindings([...report.findings, ...added]);
}
