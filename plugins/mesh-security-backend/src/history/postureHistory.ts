import type {
  PostureHistory,
  PosturePoint,
} from '@mesh-security/plugin-mesh-security-common';
import type { HistoryPointRecord } from './types';

/** Most points one answer holds: about one per pixel of the widest chart that draws them. */
export const MAX_POINTS = 120;

/**
 * At most `max` points: the window is cut into `max` equal intervals and each
 * keeps its last point (the state at its end, as the daily points are). The
 * latest point is always kept, so the chart ends where the page is.
 */
export function thinPoints<T extends { at: number }>(
  points: T[],
  from: number,
  to: number,
  max = MAX_POINTS,
): T[] {
  if (points.length <= max) return points;
  // whole ms, as the database's intervals (HistoryStore.read)
  const width = Math.max(1, Math.ceil((to - from) / max));
  const kept: T[] = [];
  let lastBucket = Number.NaN;
  for (const point of points) {
    // a point at `to` closes the last interval rather than opening one more
    const bucket = Math.min(max - 1, Math.floor((point.at - from) / width));
    if (bucket === lastBucket) kept[kept.length - 1] = point;
    else kept.push(point);
    lastBucket = bucket;
  }
  return kept;
}

function toPosturePoint(record: HistoryPointRecord): PosturePoint {
  return {
    at: new Date(record.at).toISOString(),
    mtlsMode: record.mtlsMode,
    workloads: record.workloads,
    meshed: record.meshed,
    strict: record.strict,
    strictShare: record.workloads > 0 ? record.strict / record.workloads : null,
    mtlsTrafficShare: record.mtlsTrafficShare,
    rps: record.rps,
    findingsBySeverity: record.findingsBySeverity,
    grade: record.grade,
    score: record.score,
    partial: record.partial,
  };
}

/** The answer of a history route for records read since `from`. */
export function postureHistory(
  subjectRef: string,
  days: number,
  from: number,
  to: number,
  records: HistoryPointRecord[],
): PostureHistory {
  return {
    subjectRef,
    days,
    from: new Date(from).toISOString(),
    points: thinPoints(records, from, to).map(toPosturePoint),
  };
}
