import type {
  AuthService,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  annotatedEntities,
  countAnnotatedEntities,
} from '../router/catalogQueries';
import { indexSnapshotYielding } from '../snapshot/IndexedSnapshot';
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
    | 'record'
    | 'subjectsWithPoints'
    | 'entityPointsAt'
    | 'claimRegression'
    | 'releaseRegression'
  >;
  catalog: CatalogService;
  /** the plugin's own credentials read the catalog: history covers every entity */
  auth: AuthService;
  notifications: NotificationService;
  /** remembers, across replicas, a catch-up that left some entities without a point */
  cache: CacheService;
  logger: LoggerService;
  options: HistoryOptions;
  /** ms since the epoch (tests) */
  clock?: () => number;
}

export interface HistoryRecorder {
  /**
   * After each refresh wrote its snapshot: a point per entity and per team at
   * the snapshot's time, then a notification per regression since the
   * snapshot before it. Never fails the refresh: the snapshot is written
   * already, and a missing point is a gap in a chart, not an outage.
   */
  onRefreshed(snapshot: MeshSnapshot, previous?: MeshSnapshot): Promise<void>;
  /**
   * The points a snapshot is missing: the refresh recorded while the catalog
   * was still ingesting (a backend starting), found no entity at all, or its
   * replica stopped before recording. Team points are recorded again over
   * all their entities. Regressions are not looked for again. When every
   * entity the catalog holds has its point, one count from the catalog and
   * one from the database are all it costs.
   */
  catchUp(snapshot: MeshSnapshot): Promise<void>;
}

export function createHistoryRecorder(
  deps: HistoryRecorderDeps,
): HistoryRecorder {
  const { store, options, logger } = deps;
  const now = deps.clock ?? Date.now;

  /**
   * Records the snapshot's points (and the demo's past); returns the
   * entities they are of. `replace`: points already there take the new
   * figures (see HistoryStore.record).
   */
  async function recordPoints(snapshot: MeshSnapshot, replace = false) {
    const at = Date.parse(snapshot.generatedAt);
    if (Number.isNaN(at))
      throw new Error(`unreadable generatedAt '${snapshot.generatedAt}'`);
    const credentials = await deps.auth.getOwnServiceCredentials();
    const entities = matchEntities(
      await indexSnapshotYielding('history', snapshot),
      await annotatedEntities(deps.catalog, credentials),
    );
    if (options.demoSeed && entities.length > 0) {
      // each subject's past is made up once, when it is first seen
      const seen = await store.subjectsWithPoints();
      const past = demoHistory({
        now: at,
        entities,
        fullResolutionDays: options.fullResolutionDays,
        days: options.retentionDays,
      }).filter(p => !seen.has(`${p.scope} ${p.subject}`));
      if (past.length > 0) {
        await store.record(past);
        logger.info(
          `Mesh security history: made up the demo mesh’s past (${past.length} points)`,
        );
      }
    }
    await store.record(historyPoints(at, entities), { replace });
    return entities;
  }

  const notRecorded = (snapshot: MeshSnapshot, error: unknown) =>
    logger.warn(
      `Mesh security history of the refresh of ${snapshot.generatedAt} not recorded: ${error}`,
    );

  return {
    async onRefreshed(snapshot, previous) {
      try {
        const entities = await recordPoints(snapshot);
        if (!options.regressions.enabled || !previous) return;
        const regressions = detectRegressions({
          previous: await indexSnapshotYielding('previous', previous),
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
        notRecorded(snapshot, error);
      }
    },

    async catchUp(snapshot) {
      try {
        const at = Date.parse(snapshot.generatedAt);
        if (Number.isNaN(at)) return;
        const credentials = await deps.auth.getOwnServiceCredentials();
        const [recorded, annotated] = await Promise.all([
          store.entityPointsAt(at),
          countAnnotatedEntities(deps.catalog, credentials),
        ]);
        if (recorded >= annotated) return;
        // an entity whose selector cannot be used never gets a point: a
        // catalog of the same size was caught up on already
        const key = `history-catch-up:${at}`;
        if ((await deps.cache.get(key)) === annotated) return;
        const entities = await recordPoints(snapshot, true);
        if (entities.length < annotated) {
          await deps.cache.set(key, annotated, { ttl: { days: 1 } });
        }
      } catch (error) {
        notRecorded(snapshot, error);
      }
    },
  };
}
