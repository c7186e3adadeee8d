import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { isDatabaseUnavailable } from './databaseUnavailable';
import type { RecordedRun, RefreshRuns } from './refreshRuns';

type Refresh = (signal?: AbortSignal) => Promise<void>;

/** A schedule's timeout in milliseconds (a HumanDuration, or a luxon Duration). */
export function timeoutMs(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number {
  const timeout = schedule.timeout as HumanDuration | { toMillis(): number };
  return 'toMillis' in timeout
    ? timeout.toMillis()
    : durationToMilliseconds(timeout);
}

/** How often each replica looks for an abandoned run: an eighth of the timeout, within 1–15 s. */
export function takeoverCheckMs(refreshTimeoutMs: number): number {
  return Math.min(15_000, Math.max(1000, Math.round(refreshTimeoutMs / 8)));
}

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * The refresh as the scheduler runs it: recorded while it lasts (see
 * RefreshRuns), and expected failures told as warnings rather than thrown
 * for the scheduler to log as errors: the database out of reach (the last
 * snapshot is served, marked stale, meanwhile) and a run stopped by its
 * timeout or a shutdown. Anything else is thrown.
 */
export function recordedRefresh(
  runs: Pick<RefreshRuns, 'started' | 'ended'>,
  refresh: Refresh,
  logger: LoggerService,
): Refresh {
  return async signal => {
    let run: RecordedRun | undefined;
    try {
      run = await runs.started();
      await refresh(signal);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        logger.warn(
          `Mesh security refresh not done, the database cannot be reached: ${message(
            error,
          )}`,
        );
        return;
      }
      if (signal?.aborted) {
        logger.warn(
          `Mesh security refresh stopped before it finished (its timeout passed, or the backend is stopping): ${message(
            error,
          )}`,
        );
        return;
      }
      throw error;
    } finally {
      // without the database the record stays, and another replica takes the run over
      if (run) await runs.ended(run).catch(() => {});
    }
  };
}

/**
 * Runs the refresh again when the run in progress was abandoned: started
 * longer ago than its timeout (plus one check) and never ended. Its claim on
 * the global task is cancelled and a run is asked for, which the scheduler
 * gives to one replica.
 */
export async function takeOverAbandonedRefresh(options: {
  scheduler: Pick<SchedulerService, 'cancelTask' | 'triggerTask'>;
  runs: Pick<RefreshRuns, 'claimAbandoned'>;
  taskId: string;
  refreshTimeoutMs: number;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, runs, taskId, refreshTimeoutMs, logger } = options;
  let run: RecordedRun | undefined;
  try {
    run = await runs.claimAbandoned(
      refreshTimeoutMs + takeoverCheckMs(refreshTimeoutMs),
    );
  } catch (error) {
    // asked again at the next check; requests say the data is stale meanwhile
    if (isDatabaseUnavailable(error)) return;
    throw error;
  }
  if (!run) return;
  logger.warn(
    `Mesh security refresh started at ${run.startedAt} did not end within its timeout (its replica stopped, or lost the database): running it again`,
  );
  const unlessConflict = (error: unknown) => {
    // not running any more / already running again: what was wanted
    if (isError(error) && error.name === ConflictError.name) return;
    throw error;
  };
  await scheduler.cancelTask(taskId).catch(unlessConflict);
  await scheduler.triggerTask(taskId).catch(unlessConflict);
}

/** Schedules {@link takeOverAbandonedRefresh} on this replica, every {@link takeoverCheckMs}. */
export async function scheduleRefreshTakeover(options: {
  scheduler: SchedulerService;
  runs: Pick<RefreshRuns, 'claimAbandoned'>;
  taskId: string;
  refreshTimeoutMs: number;
  logger: LoggerService;
}): Promise<void> {
  const every = takeoverCheckMs(options.refreshTimeoutMs);
  await options.scheduler.scheduleTask({
    id: `${options.taskId}-takeover`,
    scope: 'local',
    frequency: { milliseconds: every },
    timeout: { milliseconds: 4 * every },
    fn: () => takeOverAbandonedRefresh(options),
  });
}
