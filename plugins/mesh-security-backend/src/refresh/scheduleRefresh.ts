import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError } from '@backstage/errors';
import type { EngineOptions } from '@mesh-security/mesh-security-engine';
import type { ClusterObjectSource, MetricsSource } from '../sources/types';
import type { Redactor } from '../sources/redact';
import type { SnapshotStore } from '../snapshot/SnapshotStore';
import type { MeshSnapshot } from '../snapshot/types';
import { buildSnapshot, EvaluateMesh } from './buildSnapshot';

export const REFRESH_TASK_ID = 'mesh-security:refresh';

export interface RefreshDeps {
  clusterSources: ClusterObjectSource[];
  metricsSource?: MetricsSource;
  evaluate: EvaluateMesh;
  engineOptions?: EngineOptions;
  store: Pick<SnapshotStore, 'readLatest' | 'write'>;
  logger: LoggerService;
  clock?: () => Date;
  /** cuts configured secrets out of messages before they are stored or logged */
  redactor?: Redactor;
  /** told of each snapshot once it is written, with the one it replaced (posture history) */
  onRefreshed?: (
    snapshot: MeshSnapshot,
    previous?: MeshSnapshot,
  ) => Promise<void>;
  /** keeps each cluster's evaluated objects and metrics for what-if simulations; never throws */
  keepSimulationInputs?: (snapshot: MeshSnapshot) => Promise<void>;
}

/** One refresh: read, evaluate, store. Starts from the stored snapshot, whichever replica wrote it. */
export async function refreshMeshSnapshot(
  deps: RefreshDeps,
  signal?: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const { snapshot: previous, metrics: previousMetrics } =
    await deps.store.readLatest();
  const { snapshot, metrics } = await buildSnapshot({
    clusterSources: deps.clusterSources,
    metricsSource: deps.metricsSource,
    previous,
    previousMetrics,
    evaluate: deps.evaluate,
    engineOptions: deps.engineOptions,
    now: (deps.clock ?? (() => new Date()))(),
    signal,
    redactor: deps.redactor,
  });
  signal?.throwIfAborted();
  await deps.store.write(snapshot, metrics);
  await deps.keepSimulationInputs?.(snapshot);
  await deps.onRefreshed?.(snapshot, previous);
  const unhealthy = snapshot.sources.filter(s => s.state !== 'ok');
  for (const s of unhealthy) {
    // an expected state (a source down, a kind forbidden): the data says so, the log warns
    const line = `Mesh security source ${s.name} is ${s.state}: ${
      s.message ?? s.warnings?.join('; ') ?? ''
    }`;
    deps.logger.warn(deps.redactor ? deps.redactor.redact(line) : line);
  }
  deps.logger.info(
    `Mesh security refresh: ${snapshot.clusters.length} cluster(s), ${
      snapshot.sources.length - unhealthy.length
    }/${snapshot.sources.length} source(s) ok, ${Date.now() - started} ms`,
  );
}

/**
 * Schedules the refresh as a global task: with several replicas, one of them
 * runs it at a time (coordinated through the database) and all serve its
 * result. A replica that finds no stored snapshot yet asks for a run now, so
 * the first requests do not wait a whole period (a cron schedule would).
 */
export async function scheduleRefresh(options: {
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  refresh: (signal?: AbortSignal) => Promise<void>;
  store: Pick<SnapshotStore, 'current'>;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, schedule, refresh, store, logger } = options;
  await scheduler.scheduleTask({
    ...schedule,
    id: REFRESH_TASK_ID,
    scope: 'global',
    fn: async signal => refresh(signal),
  });
  if (await store.current()) return;
  // not awaited: a scheduler may run the task inline, and startup must not wait for clusters
  scheduler.triggerTask(REFRESH_TASK_ID).catch(error => {
    if (isError(error) && error.name === ConflictError.name) return; // already running somewhere
    logger.warn(`Could not trigger the first mesh security refresh: ${error}`);
  });
}
