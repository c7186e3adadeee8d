import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshSecurityPermissions } from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '@mesh-security/plugin-mesh-security-node';
import {
  createSources,
  readEngineOptions,
  readEntityCacheTtlMs,
  readRefreshSchedule,
} from './config';
import {
  refreshMeshSnapshot,
  scheduleRefresh,
} from './refresh/scheduleRefresh';
import { createRouter } from './router/createRouter';
import { SnapshotStore } from './snapshot/SnapshotStore';

/**
 * Mesh security backend: refreshes the mesh posture on the scheduler, keeps
 * it in the database for every replica, and serves entity, team and mesh
 * views of it.
 * @public
 */
export const meshSecurityPlugin = createBackendPlugin({
  pluginId: 'mesh-security',
  register(env) {
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
        permissionsRegistry.addPermissions(meshSecurityPermissions);

        const store = await SnapshotStore.create(deps.database);
        const sources = createSources(config, deps);
        const engineOptions = readEngineOptions(config);
        const schedule = readRefreshSchedule(config);
        // scheduled once the backend has started: the first run reads the
        // kubernetes plugin over HTTP, which answers only after startup
        lifecycle.addStartupHook(() =>
          scheduleRefresh({
            scheduler,
            schedule,
            refresh: signal =>
              refreshMeshSnapshot(
                {
                  ...sources,
                  evaluate: evaluateMesh,
                  engineOptions,
                  store,
                  logger,
                },
                signal,
              ),
            store,
            logger,
          }),
        );

        httpRouter.use(
          await createRouter({
            ...deps,
            store,
            entityCacheTtlMs: readEntityCacheTtlMs(config),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
