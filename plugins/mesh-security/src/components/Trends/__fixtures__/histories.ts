import type {
  PostureHistory,
  PosturePoint,
} from '@mesh-security/plugin-mesh-security-common';

/** When the fixtures' windows end. */
export const HISTORY_NOW = Date.UTC(2025, 2, 1, 12);
const DAY = 86_400_000;

/** A point `daysAgo` before HISTORY_NOW: 3 workloads, `strict` of them STRICT. */
export function historyPoint(
  daysAgo: number,
  figures: {
    strict: number;
    mtls: number | null;
    findings?: number;
    grade?: PosturePoint['grade'];
    workloads?: number;
  },
): PosturePoint {
  const workloads = figures.workloads ?? 3;
  return {
    at: new Date(HISTORY_NOW - daysAgo * DAY).toISOString(),
    mtlsMode: figures.strict === workloads ? 'STRICT' : 'MIXED',
    workloads,
    meshed: workloads,
    strict: figures.strict,
    strictShare: workloads > 0 ? figures.strict / workloads : null,
    mtlsTrafficShare: figures.mtls,
    rps: 100,
    findingsBySeverity: {
      critical: 0,
      high: figures.findings ?? 0,
      medium: 0,
      low: 0,
      info: 1,
    },
    grade: figures.grade ?? 'B',
    score: 85,
    partial: false,
  };
}

export function history(
  subjectRef: string,
  days: number,
  points: PosturePoint[],
): PostureHistory {
  return {
    subjectRef,
    days,
    from: new Date(HISTORY_NOW - days * DAY).toISOString(),
    points,
  };
}

/** commerce-team over 30 days: STRICT 2 of 3 → 3 of 3, mTLS 80 % → 95 %, findings 2 → 1, grade C → B. */
export const commerceHistory = history('group:default/commerce-team', 30, [
  historyPoint(29.5, { strict: 2, mtls: 0.8, findings: 2, grade: 'C' }),
  historyPoint(15, { strict: 2, mtls: 0.9, findings: 1, grade: 'C' }),
  historyPoint(1, { strict: 3, mtls: 0.95, findings: 1, grade: 'B' }),
]);
