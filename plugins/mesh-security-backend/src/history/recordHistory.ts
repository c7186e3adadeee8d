import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { annotatedEntities } from '../router/catalogQueries';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import type { MeshSnapshot } from '../snapshot/types';
import { matchEntities } from '../views/teamScorecard';
import { demoHistory } from './demoHistory';
import type { HistoryStore } from './HistoryStore';
import { historyPoints } from './historyPoints';
import { notifyRegressions } from './notifyRegressions';
import { detectRegressions } from './regressions';
import type { HistoryOptions } from './types';

export interface HistoryRecorderDeps {
  store: Pick<
    HistoryStore,
    'record' | 'isEmpty' | 'claimRegression' | 'releaseRegression'
  >;
  catalog: CatalogService;
  /** the plugin's own credentials read the catalog: history covers every entity */
  auth: AuthService;
  notifications: NotificationService;
  logger: LoggerService;
  options: HistoryOptions;
  /** ms since the epoch (tests) */
  clock?: () => number;
}

/**
 * What runs after each refresh wrote its snapshot: a point per entity and per
 * team at the snapshot's time, then a notification per regression since the
 * snapshot before it. Never fails the refresh: the snapshot is written
 * already, and a missing point is a gap in a chart, not an outage.
 */
export function createHistoryRecorder(
  deps: HistoryRecorderDeps,
): (snapshot: MeshSnapshot, previous?: MeshSnapshot) => Promise<void> {
  const { store, options, logger } = deps;
  const now = deps.clock ?? Date.now;
  return async (snapshot, previous) => {
    try {
      const at = Date.parse(snapshot.generatedAt);
      if (Number.isNaN(at))
        throw new Error(`unreadable generatedAt '${snapshot.generatedAt}'`);
      const credentials = await deps.auth.getOwnServiceCredentials();
      const entities = matchEntities(
        indexSnapshot('history', snapshot),
        await annotatedEntities(deps.catalog, credentials),
      );
      if (options.demoSeed && (await store.isEmpty())) {
        await store.record(
          demoHistory({
            now: at,
            entities,
            fullResolutionDays: options.fullResolutionDays,
            days: options.retentionDays,
          }),
        );
        logger.info('Mesh security history: made up the demo mesh’s past');
      }
      await store.record(historyPoints(at, entities));

      if (!options.regressions.enabled || !previous) return;
      const regressions = detectRegressions({
        previous: indexSnapshot('previous', previous),
        entities,
        mtlsShareDrop: options.regressions.mtlsShareDrop,
      });
      const sent = await notifyRegressions(regressions, {
        store,
        notifications: deps.notifications,
        logger,
        now: now(),
      });
      if (sent > 0)
        logger.info(`Mesh security: ${sent} regression notification(s) sent`);
    } catch (error) {
      logger.warn(
        `Mesh security history of the refresh of ${snapshot.generatedAt} not recorded: ${error}`,
      );
    }
  };
}
