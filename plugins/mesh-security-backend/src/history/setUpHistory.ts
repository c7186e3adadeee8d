import type {
  AuthService,
  CacheService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { readHistoryOptions } from '../config';
import type { SnapshotStore } from '../snapshot/SnapshotStore';
import type { MeshSnapshot } from '../snapshot/types';
import { HistoryStore } from './HistoryStore';
import type { HistoryReader } from './readHistory';
import { createHistoryRecorder } from './recordHistory';
import { scheduleCatchUp } from './scheduleCatchUp';
import { scheduleRetention } from './scheduleRetention';

/** Whether the Kubernetes plugin's clusters are read (as `createSources` decides). */
function readsRealClusters(config: RootConfigService): boolean {
  return (
    config.getOptionalBoolean('meshSecurity.kubernetes.enabled') ??
    config.has('kubernetes')
  );
}

/**
 * Posture history as `meshSecurity.history` asks: what the refresh calls
 * once a snapshot is written, what the routes read, and the retention task.
 * Nothing when history is turned off. Call it after the snapshot store was
 * created: the plugin's migrations it runs create the history tables too.
 */
export async function setUpHistory(deps: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  notifications: NotificationService;
  cache: CacheService;
  /** the current snapshot, whose points a catch-up task records if the refresh could not */
  snapshots: Pick<SnapshotStore, 'current'>;
}): Promise<{
  onRefreshed?: (
    snapshot: MeshSnapshot,
    previous?: MeshSnapshot,
  ) => Promise<void>;
  reader?: HistoryReader;
}> {
  let options = readHistoryOptions(deps.config);
  if (!options.enabled) return {};
  if (options.demoSeed && readsRealClusters(deps.config)) {
    // a made-up past among real figures would be believed
    deps.logger.warn(
      'meshSecurity.history.demoSeed is ignored: it is for the embedded demo mesh, and real clusters are configured',
    );
    options = { ...options, demoSeed: false };
  }
  const store = await HistoryStore.create(deps.database);
  const recorder = createHistoryRecorder({ ...deps, store, options });
  deps.lifecycle.addStartupHook(async () => {
    await scheduleRetention({
      scheduler: deps.scheduler,
      store,
      history: options,
      logger: deps.logger,
    });
    await scheduleCatchUp({
      scheduler: deps.scheduler,
      snapshots: deps.snapshots,
      recorder,
    });
  });
  return { onRefreshed: recorder.onRefreshed, reader: { store } };
}
