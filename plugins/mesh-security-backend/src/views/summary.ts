import {
  countBySeverity,
  EntitySummary,
  EntityWorkload,
  Finding,
  Health,
  SEVERITIES,
  Severity,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import {
  authorizationUnknown,
  modeUnknown,
  unknownKindsOf,
} from './unknownKinds';

const HEALTH_RANK: Record<Health, number> = { OK: 0, WARN: 1, CRIT: 2 };

export function severityRank(severity: Severity | null): number {
  return severity === null ? SEVERITIES.length : SEVERITIES.indexOf(severity);
}

export function worstSeverity(
  counts: Record<Severity, number>,
): Severity | null {
  return SEVERITIES.find(s => counts[s] > 0) ?? null;
}

/** Code-point order: subjects and rule ids are Kubernetes names and ASCII ids. */
function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Most severe first, then by subject so the order is stable between
 * refreshes. The engine lists a report's findings in this same order, so
 * sorting the mesh's findings only merges its clusters' lists, with no
 * `localeCompare` call per comparison.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    byText(a.subject, b.subject) ||
    byText(a.rule, b.rule) ||
    (a.port ?? 0) - (b.port ?? 0)
  );
}

/** Share of STRICT workloads, null without workloads. */
export function strictShare(workloads: WorkloadPosture[]): number | null {
  if (workloads.length === 0) return null;
  return (
    workloads.filter(w => w.mtlsMode === 'STRICT').length / workloads.length
  );
}

/** Inbound rps summed; null when no workload has traffic data. */
export function totalRps(workloads: WorkloadPosture[]): number | null {
  const withTraffic = workloads.filter(w => w.traffic);
  if (withTraffic.length === 0) return null;
  return withTraffic.reduce((sum, w) => sum + w.traffic!.rps, 0);
}

/** mTLS share of inbound traffic weighted by rps; null when no traffic of known security. */
export function mtlsTrafficShare(workloads: WorkloadPosture[]): number | null {
  let weighted = 0;
  let total = 0;
  for (const w of workloads) {
    const t = w.traffic;
    if (!t || t.mtlsShare === null || !(t.rps > 0)) continue;
    weighted += t.rps * t.mtlsShare;
    total += t.rps;
  }
  return total > 0 ? weighted / total : null;
}

function worstHealth(workloads: WorkloadPosture[]): Health | null {
  const seen = workloads.flatMap(w => (w.traffic ? [w.traffic.health] : []));
  if (seen.length === 0) return null;
  return seen.reduce((a, b) => (HEALTH_RANK[b] > HEALTH_RANK[a] ? b : a));
}

/**
 * Callers observed sending plaintext: the callers a `plaintext-traffic-observed`
 * finding lists (the ones STRICT would break), plus inbound flows known to be
 * plaintext (a workload without proxy has no destination-side metric, so only
 * the flow shows its plaintext callers).
 */
function plaintextCallers(
  workloads: WorkloadPosture[],
  findings: Finding[],
): string[] {
  const callers = new Set<string>();
  for (const f of findings) {
    if (f.rule !== 'plaintext-traffic-observed') continue;
    for (const caller of f.detail?.callers ?? []) callers.add(caller);
  }
  for (const w of workloads) {
    for (const flow of w.traffic?.inbound ?? []) {
      if (flow.plaintext) callers.add(flow.peer);
    }
  }
  return [...callers].sort();
}

/** A policy seen is a policy; none seen where policies could not be read is unknown, not "none". */
function hasAuthorizationPolicy(workloads: EntityWorkload[]): boolean | null {
  if (workloads.some(w => w.authorization.policies.length > 0)) return true;
  return workloads.some(authorizationUnknown) ? null : false;
}

export function summarizeEntity(
  workloads: EntityWorkload[],
  findings: Finding[],
): EntitySummary {
  const modes = new Set(workloads.map(w => w.mtlsMode));
  const findingsBySeverity = countBySeverity(findings);
  let mtlsMode: EntitySummary['mtlsMode'] = null;
  // a mode computed without its PeerAuthentications is a guess: left unknown
  if (!workloads.some(modeUnknown)) {
    if (modes.size === 1) mtlsMode = [...modes][0];
    else if (modes.size > 1) mtlsMode = 'MIXED';
  }
  const unknownKinds = unknownKindsOf(workloads);
  return {
    mtlsMode,
    meshed: workloads.length > 0 && workloads.every(w => w.inMesh),
    worstSeverity: worstSeverity(findingsBySeverity),
    findingsBySeverity,
    rps: totalRps(workloads),
    mtlsTrafficShare: mtlsTrafficShare(workloads),
    health: worstHealth(workloads),
    plaintextCallers: plaintextCallers(workloads, findings),
    hasAuthorizationPolicy: hasAuthorizationPolicy(workloads),
    strictReady: findings.some(f => f.rule === 'strict-ready'),
    ...(unknownKinds.length > 0 && { unknownKinds }),
  };
}
