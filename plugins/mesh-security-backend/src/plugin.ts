import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  meshSecurityPermissions,
  unsupportedNodeMessage,
} from '@mesh-security/plugin-mesh-security-common';
import { meshSecuritySourcesExtensionPoint } from '@mesh-security/plugin-mesh-security-node';
import { SourceRegistry } from './sources/SourceRegistry';
import {
  createSources,
  readEngineOptions,
  readEntityCacheTtlMs,
  readMaxChangeBytes,
  readRefreshSchedule,
  readWorkerHeapMb,
} from './config';
import {
  REFRESH_TASK_ID,
  refreshMeshSnapshot,
  scheduleRefresh,
} from './refresh/scheduleRefresh';
import { setUpHistory } from './history/setUpHistory';
import { createRouter } from './router/createRouter';
import { SnapshotStore } from './snapshot/SnapshotStore';
import {
  recordedRefresh,
  scheduleRefreshTakeover,
  timeoutMs,
} from './snapshot/refreshTakeover';
import { SimulationInputStore } from './whatIf/SimulationInputStore';
import { SimulationWorker } from './whatIf/SimulationWorker';
import { DEFAULT_WORKER_HEAP_MB, RefreshWorker } from './worker/RefreshWorker';
import { keepSimulationInputs } from './worker/keepSimulationInputs';
import { engines } from '../package.json';

/**
 * Mesh security backend: refreshes the mesh posture on the scheduler, keeps
 * it in the database for every replica, and serves entity, team and mesh
 * views of it.
 * @public
 */
export const meshSecurityPlugin = createBackendPlugin({
  pluginId: 'mesh-security',
  register(env) {
    // built-in sources come in through the same registry as modules' ones
    const registry = new SourceRegistry();
    env.registerExtensionPoint(meshSecuritySourcesExtensionPoint, registry);
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        cache: coreServices.cache,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const {
          config,
          logger,
          scheduler,
          lifecycle,
          httpRouter,
          permissionsRegistry,
        } = deps;
        // an older runtime lacks APIs the engine relies on: refuse, never skip a check
        const unsupported = unsupportedNodeMessage(
          'The mesh-security backend plugin',
          process.version,
          engines.node,
        );
        if (unsupported) throw new Error(unsupported);
        permissionsRegistry.addPermissions(meshSecurityPermissions);

        const store = await SnapshotStore.create(deps.database, { logger });
        // after the snapshot store: its migrations create the history tables
        const history = await setUpHistory({ ...deps, snapshots: store });
        // what-if reads each cluster's objects as the last refresh evaluated them
        const simulationInputs = await SimulationInputStore.create(
          deps.database,
        );
        // evaluation and serialization run off the event loop
        const heapMb = readWorkerHeapMb(config) ?? DEFAULT_WORKER_HEAP_MB;
        const worker = new RefreshWorker(logger, { heapMb });
        lifecycle.addShutdownHook(() => worker.close());
        // what-if jobs parse a cluster's objects and evaluate it: off the event loop too
        const simulator = new SimulationWorker(
          simulationInputs,
          heapMb,
          logger,
        );
        lifecycle.addShutdownHook(() => simulator.close());
        const builtIn = createSources(config, deps);
        builtIn.clusterSources.forEach(s => registry.addClusterSource(s));
        if (builtIn.metricsSource)
          registry.addMetricsSource(builtIn.metricsSource);
        const sources = { ...registry.close(), redactor: builtIn.redactor };
        const engineOptions = readEngineOptions(config);
        const schedule = readRefreshSchedule(config);
        // scheduled once the backend has started: the first run reads the
        // kubernetes plugin over HTTP, which answers only after startup
        lifecycle.addStartupHook(async () => {
          await scheduleRefresh({
            scheduler,
            schedule,
            // recorded, so that another replica takes over a run whose replica died
            refresh: recordedRefresh(
              store.runs,
              signal =>
                refreshMeshSnapshot(
                  {
                    ...sources,
                    evaluator: worker,
                    engineOptions,
                    store,
                    logger,
                    onRefreshed: history.onRefreshed,
                    keepSimulationInputs: (snapshot, serialized) =>
                      keepSimulationInputs(
                        simulationInputs,
                        logger,
                        snapshot,
                        serialized,
                      ),
                  },
                  signal,
                ),
              logger,
            ),
            store,
            logger,
          });
          await scheduleRefreshTakeover({
            scheduler,
            runs: store.runs,
            taskId: REFRESH_TASK_ID,
            refreshTimeoutMs: timeoutMs(schedule),
            logger,
          });
        });

        httpRouter.use(
          await createRouter({
            ...deps,
            store,
            history: history.reader,
            entityCacheTtlMs: readEntityCacheTtlMs(config),
            simulator,
            maxChangeBytes: readMaxChangeBytes(config),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
