import type {
  PostureHistory,
  PosturePoint,
} from '@mesh-security/plugin-mesh-security-common';
import { historyToTrendFacts } from './trendFacts';

const DAY = 86_400_000;
/** the backend's "now" when it answered: the end of the 30-day window */
const END = Date.UTC(2026, 7, 1);

function point(
  daysAgo: number,
  figures: {
    strict: number | null;
    high?: number;
    critical?: number;
    partial?: boolean;
  },
): PosturePoint {
  return {
    at: new Date(END - daysAgo * DAY).toISOString(),
    mtlsMode: 'MIXED',
    workloads: figures.strict === null ? 0 : 3,
    meshed: 3,
    strict: 0,
    strictShare: figures.strict,
    mtlsTrafficShare: 1,
    rps: 10,
    findingsBySeverity: {
      critical: figures.critical ?? 0,
      high: figures.high ?? 0,
      medium: 2,
      low: 0,
      info: 0,
    },
    grade: 'B',
    score: 85,
    partial: figures.partial ?? false,
  };
}

const history = (points: PosturePoint[]): PostureHistory => ({
  subjectRef: 'group:default/commerce-team',
  days: 30,
  from: new Date(END - 30 * DAY).toISOString(),
  points,
});

describe('historyToTrendFacts', () => {
  it('gives the STRICT coverage change and the high findings that appeared in the last 7 days', () => {
    expect(
      historyToTrendFacts(
        history([
          point(29, { strict: 2 / 3, high: 1 }),
          point(10, { strict: 2 / 3, high: 0 }),
          // baseline of the 7 days: 0 high
          point(8, { strict: 2 / 3, high: 0 }),
          point(6, { strict: 1, high: 1 }),
          point(4, { strict: 1, high: 0, critical: 1 }),
          point(1, { strict: 1, high: 2, critical: 1 }),
        ]),
      ),
    ).toEqual({
      strictCoverageDelta30d: 0.3333,
      // +1 (day 6), +0 (one high fixed as a critical appeared), +2 (day 1)
      newHighFindings7d: 3,
    });
  });

  it('reads a fall in coverage as negative and no new finding as 0', () => {
    expect(
      historyToTrendFacts(
        history([
          point(20, { strict: 1, high: 2 }),
          point(3, { strict: 0.5, high: 2 }),
          point(1, { strict: 0.5, high: 1 }),
        ]),
      ),
    ).toEqual({ strictCoverageDelta30d: -0.5, newHighFindings7d: 0 });
  });

  it('is null where the history cannot tell', () => {
    expect(historyToTrendFacts(undefined)).toEqual({
      strictCoverageDelta30d: null,
      newHighFindings7d: null,
    });
    expect(historyToTrendFacts(history([]))).toEqual({
      strictCoverageDelta30d: null,
      newHighFindings7d: null,
    });
    // one point, and nothing in the last week
    expect(historyToTrendFacts(history([point(20, { strict: 1 })]))).toEqual({
      strictCoverageDelta30d: null,
      newHighFindings7d: null,
    });
    // no workloads: no coverage to compare
    expect(
      historyToTrendFacts(
        history([point(20, { strict: null }), point(1, { strict: null })]),
      ).strictCoverageDelta30d,
    ).toBeNull();
  });

  it('does not count findings that became visible after a partial read as new', () => {
    expect(
      historyToTrendFacts(
        history([
          point(5, { strict: 1, high: 0, partial: true }),
          point(4, { strict: 1, high: 2 }),
        ]),
      ).newHighFindings7d,
    ).toBe(0);
  });
});
