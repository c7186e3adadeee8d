import { MS_PER_DAY, type HistoryOptions } from './types';

/** What the retention task keeps, in ms since the epoch. */
export interface RetentionCutoffs {
  /** points before this are deleted */
  deleteBefore: number;
  /** points before this are thinned to the last one of their UTC day; every point after it is kept */
  fullResolutionFrom: number;
}

const startOfUtcDay = (ms: number) => Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;

/**
 * Cutoffs at `now`. Both fall on a UTC midnight, so a day is either kept
 * whole or thinned whole: a day half thinned would lose its last point's
 * meaning ("the state at the end of that day").
 */
export function retentionCutoffs(
  now: number,
  options: Pick<HistoryOptions, 'fullResolutionDays' | 'retentionDays'>,
): RetentionCutoffs {
  return {
    deleteBefore: startOfUtcDay(now - options.retentionDays * MS_PER_DAY),
    fullResolutionFrom: startOfUtcDay(
      now - options.fullResolutionDays * MS_PER_DAY,
    ),
  };
}
