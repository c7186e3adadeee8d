import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { HistoryStore } from './HistoryStore';
import { retentionCutoffs } from './retention';
import type { HistoryOptions } from './types';

export const RETENTION_TASK_ID = 'mesh-security:history-retention';

/**
 * Prunes and thins the history every hour, on one replica at a time. Points
 * are added every few minutes, so an hour's delay costs at most an hour of
 * extra rows.
 */
export async function scheduleRetention(options: {
  scheduler: SchedulerService;
  store: Pick<HistoryStore, 'prune'>;
  history: Pick<HistoryOptions, 'fullResolutionDays' | 'retentionDays'>;
  logger: LoggerService;
  /** ms since the epoch (tests) */
  clock?: () => number;
}): Promise<void> {
  const { scheduler, store, history, logger } = options;
  const now = options.clock ?? Date.now;
  await scheduler.scheduleTask({
    id: RETENTION_TASK_ID,
    scope: 'global',
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    // the first run waits: startup is busy enough, and nothing is urgent
    initialDelay: { minutes: 5 },
    fn: async () => {
      const { expired, thinned } = await store.prune(
        retentionCutoffs(now(), history),
      );
      if (expired + thinned > 0) {
        logger.info(
          `Mesh security history: ${expired} point(s) past retention deleted, ${thinned} thinned to one a day`,
        );
      }
    },
  });
}
