/**
 * What the trend charts plot and say, from a posture history: pure, so the
 * words a screen reader hears and the lines drawn come from the same numbers.
 */
import type {
  PostureHistory,
  PosturePoint,
} from '@mesh-security/plugin-mesh-security-common';
import { formatPercent } from '../../format';

export type TrendMetric = 'strictCoverage' | 'mtlsShare' | 'findings';

interface MetricSpec {
  label: string;
  /** shares are plotted on 0..100 %, counts from 0 to their largest value */
  kind: 'share' | 'count';
  /** which way is an improvement */
  better: 'up' | 'down';
  value(point: PosturePoint): number | null;
}

export const TREND_METRICS: Record<TrendMetric, MetricSpec> = {
  strictCoverage: {
    label: 'STRICT coverage',
    kind: 'share',
    better: 'up',
    value: p => p.strictShare,
  },
  mtlsShare: {
    label: 'mTLS traffic',
    kind: 'share',
    better: 'up',
    value: p => p.mtlsTrafficShare,
  },
  findings: {
    label: 'Findings',
    kind: 'count',
    better: 'down',
    // info findings are advice (e.g. "ready for STRICT"), not problems
    value: p =>
      p.workloads === 0
        ? null
        : p.findingsBySeverity.critical +
          p.findingsBySeverity.high +
          p.findingsBySeverity.medium +
          p.findingsBySeverity.low,
  },
};

/** One plotted value: null where nothing was measured (a gap in the line). */
export interface TrendPoint {
  at: number;
  value: number | null;
}

export function trendPoints(
  history: PostureHistory,
  metric: TrendMetric,
): TrendPoint[] {
  const { value } = TREND_METRICS[metric];
  return history.points.map(p => ({ at: Date.parse(p.at), value: value(p) }));
}

export type TrendDirection = 'better' | 'worse' | 'unchanged' | 'unknown';

export interface TrendSummary {
  metric: TrendMetric;
  first: number | null;
  last: number | null;
  direction: TrendDirection;
  /** e.g. "STRICT coverage 66.7% → 100% over 30 days (better)" */
  text: string;
}

function formatValue(metric: TrendMetric, value: number): string {
  return TREND_METRICS[metric].kind === 'share'
    ? formatPercent(value)
    : String(value);
}

const day = (ms: number) =>
  new Date(ms).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

/**
 * "over 30 days" when the history covers the window, "since Mar 3" when it
 * starts later (a new service, a history younger than the window).
 */
export function trendPeriod(history: PostureHistory): string {
  const first = history.points[0];
  const from = Date.parse(history.from);
  if (!first || Date.parse(first.at) - from <= 86_400_000)
    return `over ${history.days} days`;
  return `since ${day(Date.parse(first.at))}`;
}

/** The first and last measured values of a metric and what the change means, in words. */
export function summarizeTrend(
  history: PostureHistory,
  metric: TrendMetric,
): TrendSummary {
  const { label, better } = TREND_METRICS[metric];
  const measured = trendPoints(history, metric).filter(p => p.value !== null);
  const period = trendPeriod(history);
  if (measured.length === 0) {
    return {
      metric,
      first: null,
      last: null,
      direction: 'unknown',
      text: `${label}: nothing measured ${period}`,
    };
  }
  const first = measured[0].value!;
  const last = measured[measured.length - 1].value!;
  if (first === last) {
    return {
      metric,
      first,
      last,
      direction: 'unchanged',
      text: `${label} ${formatValue(metric, last)}, unchanged ${period}`,
    };
  }
  const up = last > first;
  const direction: TrendDirection =
    up === (better === 'up') ? 'better' : 'worse';
  return {
    metric,
    first,
    last,
    direction,
    text: `${label} ${formatValue(metric, first)} → ${formatValue(
      metric,
      last,
    )} ${period} (${direction})`,
  };
}

/** "Grade C → B over 30 days", or unchanged, from the first and last graded points. */
export function summarizeGrade(history: PostureHistory): string | undefined {
  const graded = history.points.filter(p => p.grade !== null);
  if (graded.length === 0) return undefined;
  const first = graded[0].grade!;
  const last = graded[graded.length - 1].grade!;
  const period = trendPeriod(history);
  if (first === last) return `Grade ${last}, unchanged ${period}`;
  // A is best: a letter earlier in the alphabet is an improvement
  return `Grade ${first} → ${last} ${period} (${
    last < first ? 'better' : 'worse'
  })`;
}
