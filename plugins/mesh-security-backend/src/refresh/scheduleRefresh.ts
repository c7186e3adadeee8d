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
import type { ClusterEvaluator } from '../worker/ClusterEvaluator';
import type { SerializedCluster } from '../worker/clusterJob';
import { buildSnapshot, EvaluateMesh } from './buildSnapshot';

export const REFRESH_TASK_ID = 'mesh-security:refresh';

export interface RefreshDeps {
  clusterSources: ClusterObjectSource[];
  metricsSource?: MetricsSource;
  /** the engine on this thread (tests); ignored when `evaluator` is given */
  evaluate?: EvaluateMesh;
  /** evaluates and serializes off the main thread: the refresh worker */
  evaluator?: ClusterEvaluator;
  engineOptions?: EngineOptions;
  store: Pick<SnapshotStore, 'write'> &
    Partial<
      Pick<SnapshotStore, 'readLatest' | 'latestForRefresh' | 'loadLastGood'>
    >;
  logger: LoggerService;
  clock?: () => Date;
  /** cuts configured secrets out of messages before they are stored or logged */
  redactor?: Redactor;
  /** told of each snapshot once it is written, with the one it replaced (posture history) */
  onRefreshed?: (
    snapshot: MeshSnapshot,
    previous?: MeshSnapshot,
  ) => Promise<void>;
  /**
   * keeps each cluster's evaluated objects and metrics for what-if
   * simulations; `serialized` holds them for the clusters evaluated by this
   * refresh, by `ClusterSnapshot.ref`. Never throws.
   */
  keepSimulationInputs?: (
    snapshot: MeshSnapshot,
    serialized: Map<string, SerializedCluster>,
  ) => Promise<void>;
}

/** One refresh: read, evaluate, store. Starts from the stored snapshot, whichever replica wrote it. */
export async function refreshMeshSnapshot(
  deps: RefreshDeps,
  signal?: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const { store } = deps;
  // the copy this replica serves when it is the latest: nothing parsed again
  const { snapshot: previous, metrics: previousMetrics } =
    (await (store.latestForRefresh ?? store.readLatest)?.call(store)) ?? {};
  const { snapshot, metrics, serialized } = await buildSnapshot({
    clusterSources: deps.clusterSources,
    metricsSource: deps.metricsSource,
    previous,
    previousMetrics,
    evaluate: deps.evaluate,
    evaluator: deps.evaluator,
    loadLastGood: store.loadLastGood && (ref => store.loadLastGood!(ref)),
    engineOptions: deps.engineOptions,
    now: (deps.clock ?? (() => new Date()))(),
    signal,
    redactor: deps.redactor,
  });
  try {
    signal?.throwIfAborted();
    await store.write(snapshot, metrics, serialized);
    await deps.keepSimulationInputs?.(snapshot, serialized);
  } finally {
    // written (or given up): the evaluator may reuse their memory
    deps.evaluator?.release?.([...serialized.keys()]);
  }
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
