/**
 * Team posture history → trend facts: pure, no I/O, no clock (the window's
 * end is the backend's, read from the history itself). Unknown is `null`,
 * never omitted, as for the other facts.
 */
import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import type {
  PostureHistory,
  PosturePoint,
} from '@mesh-security/plugin-mesh-security-common';

const DAY = 86_400_000;

/** The window the team retriever asks the history for. */
export const TREND_HISTORY_DAYS = 30;

/** @public */
export interface MeshSecurityTeamTrendFacts {
  [fact: string]: number | null;
  strictCoverageDelta30d: number | null;
  newHighFindings7d: number | null;
}

/** @public */
export const meshSecurityTeamTrendFactSchema: FactSchema = {
  strictCoverageDelta30d: {
    type: 'float',
    description:
      "Change of the team's STRICT coverage (share 0..1 of its workloads that enforce STRICT) over the last 30 days: the latest value minus the earliest one, e.g. 0.33 for 67 % → 100 %; negative when coverage fell; null with fewer than two measured points (no history yet, no workloads)",
  },
  newHighFindings7d: {
    type: 'integer',
    description:
      "High and critical mesh findings that appeared on the team's services over the last 7 days: the sum of the increases between consecutive history points (a finding fixed and another opened between the same two points cancel out); null without any point in those 7 days",
  },
};

const highOrWorse = (p: PosturePoint) =>
  p.findingsBySeverity.critical + p.findingsBySeverity.high;

function strictCoverageDelta(points: PosturePoint[]): number | null {
  const measured = points.filter(p => p.strictShare !== null);
  if (measured.length < 2) return null;
  const delta =
    measured[measured.length - 1].strictShare! - measured[0].strictShare!;
  return Math.round(delta * 10_000) / 10_000;
}

function newHighFindings(points: PosturePoint[], since: number): number | null {
  const firstInWindow = points.findIndex(p => Date.parse(p.at) >= since);
  if (firstInWindow < 0) return null;
  let appeared = 0;
  // the last point before the window is the baseline of its first one
  for (let i = Math.max(1, firstInWindow); i < points.length; i++) {
    const before = points[i - 1];
    // a count read with lists missing was a lower bound: a rise after it may only be visibility
    if (before.partial || before.workloads === 0) continue;
    appeared += Math.max(0, highOrWorse(points[i]) - highOrWorse(before));
  }
  return appeared;
}

/**
 * The trend facts of a team from its last 30 days of history; every fact
 * null without a history (the backend has none yet, or it is turned off).
 *
 * @public
 */
export function historyToTrendFacts(
  history: PostureHistory | undefined,
): MeshSecurityTeamTrendFacts {
  if (!history)
    return { strictCoverageDelta30d: null, newHighFindings7d: null };
  const points = [...history.points].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  const end = Date.parse(history.from) + history.days * DAY;
  return {
    strictCoverageDelta30d: strictCoverageDelta(points),
    newHighFindings7d: newHighFindings(points, end - 7 * DAY),
  };
}
