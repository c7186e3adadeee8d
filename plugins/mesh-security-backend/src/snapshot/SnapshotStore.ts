import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { IndexedSnapshot, indexSnapshot } from './IndexedSnapshot';
import { isDatabaseUnavailable } from './databaseUnavailable';
import { markStale } from './markStale';
import { RefreshRuns } from './refreshRuns';
import type { MeshSnapshot, StoredMetrics } from './types';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const TABLE = 'mesh_security_snapshot';
const SNAPSHOT_ROW = 'snapshot';
const METRICS_ROW = 'metrics';

/**
 * Replicas that start together race for knex's migration lock; the loser
 * gets "already locked" instead of waiting, so it waits here.
 */
async function migrate(client: Knex) {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@mesh-security/plugin-mesh-security-backend',
          'migrations',
        ),
        tableName: 'mesh_security__knex_migrations',
      });
      return;
    } catch (error) {
      if (
        attempt >= 30 ||
        !/already locked/i.test(String((error as Error)?.message))
      )
        throw error;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }
}

export interface SnapshotStoreOptions {
  /** how long a replica serves its parsed copy before checking the stored revision again (default 1000 ms) */
  revisionCheckMs?: number;
  /** clock for the revision check (tests) */
  clock?: () => number;
  /**
   * how long a request waits for that check before it is answered with the
   * parsed copy marked stale (default 2000 ms): a database that hangs must
   * not hold every request for the connection pool's whole timeout
   */
  checkTimeoutMs?: number;
  /** told when the database becomes unreachable and when it is back */
  logger?: LoggerService;
}

const NO_ANSWER = Symbol('no answer');
const NO_ANSWER_NAME = 'DatabaseNoAnswerError';

/** While the database cannot be read: since when, and the copy served meanwhile. */
interface Outage {
  since: string;
  view: IndexedSnapshot;
}

/**
 * The snapshot lives in the plugin's database so every replica serves the
 * one the last refresh wrote, whichever replica ran it. Each replica keeps a
 * parsed, indexed copy and only re-reads the payload when the stored revision
 * changed: that copy is a cache of the database, not a second truth.
 *
 * While the database cannot be read (down, restarting, failing over), a
 * replica keeps serving its copy with every source marked stale, and serves
 * fresh data again at the first check that succeeds.
 */
export class SnapshotStore {
  private cached?: IndexedSnapshot;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<IndexedSnapshot | undefined>;
  private outage?: Outage;
  /** the refresh in progress, recorded beside the snapshot */
  readonly runs: RefreshRuns;

  static async create(
    database: DatabaseService,
    options: SnapshotStoreOptions = {},
  ): Promise<SnapshotStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) await migrate(client);
    return new SnapshotStore(client, options);
  }

  private constructor(
    private readonly db: Knex,
    private readonly options: SnapshotStoreOptions,
  ) {
    this.runs = new RefreshRuns(db, TABLE, options.clock);
  }

  private now() {
    return (this.options.clock ?? Date.now)();
  }

  /** Replaces the stored snapshot (and the last good metrics, when given). */
  async write(snapshot: MeshSnapshot, metrics?: StoredMetrics): Promise<void> {
    const revision = randomUUID();
    const rows = [
      {
        id: SNAPSHOT_ROW,
        revision,
        generated_at: snapshot.generatedAt,
        payload: JSON.stringify(snapshot),
      },
    ];
    if (metrics) {
      rows.push({
        id: METRICS_ROW,
        revision,
        generated_at: metrics.readAt,
        payload: JSON.stringify(metrics),
      });
    }
    await this.db.transaction(async tx => {
      for (const row of rows) {
        await tx(TABLE).insert(row).onConflict('id').merge();
      }
    });
    // this replica just built it: no need to read it back
    this.cached = indexSnapshot(revision, snapshot);
    this.checkedAt = this.now();
    this.reachable();
  }

  /** The stored snapshot and metrics as written, for the next refresh (never the cache: another replica may have written). */
  async readLatest(): Promise<{
    snapshot?: MeshSnapshot;
    metrics?: StoredMetrics;
  }> {
    const rows: Array<{ id: string; payload: string }> = await this.db(TABLE)
      .whereIn('id', [SNAPSHOT_ROW, METRICS_ROW])
      .select('id', 'payload');
    const byId = new Map(rows.map(r => [r.id, JSON.parse(r.payload)]));
    return { snapshot: byId.get(SNAPSHOT_ROW), metrics: byId.get(METRICS_ROW) };
  }

  /**
   * The current snapshot, indexed; undefined until the first refresh has
   * completed. Throws a ServiceUnavailableError when the database cannot be
   * read and this replica has no copy yet.
   */
  async current(): Promise<IndexedSnapshot | undefined> {
    let checking = false;
    if (
      !this.pending &&
      this.now() - this.checkedAt >= (this.options.revisionCheckMs ?? 1000)
    ) {
      checking = true;
      this.pending = this.check().finally(() => {
        this.pending = undefined;
      });
    }
    if (!this.pending) return this.outage?.view ?? this.cached;
    // while the database is unreachable, only the request that starts a check
    // waits for it; the others are answered at once
    if (this.outage && !checking) return this.outage.view;
    // concurrent requests share one check
    if (!this.cached) return this.pending;
    const timeoutMs = this.options.checkTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const answerTimeout = new Promise<typeof NO_ANSWER>(resolve => {
      timer = setTimeout(() => resolve(NO_ANSWER), timeoutMs);
    });
    const result = await Promise.race([this.pending, answerTimeout]).finally(
      () => clearTimeout(timer),
    );
    if (result !== NO_ANSWER) return result;
    const noAnswer = new Error(
      `no answer to the revision check within ${timeoutMs} ms`,
    );
    noAnswer.name = NO_ANSWER_NAME;
    return this.unreachable(noAnswer);
  }

  private isoNow() {
    return new Date(this.now()).toISOString();
  }

  private async check(): Promise<IndexedSnapshot | undefined> {
    let view: IndexedSnapshot | undefined;
    try {
      view = await this.reload();
    } catch (error) {
      return this.unreachable(error);
    }
    this.reachable();
    return view;
  }

  private reachable() {
    if (!this.outage) return;
    this.options.logger?.info(
      `Mesh security database reachable again (unreachable since ${this.outage.since})`,
    );
    this.outage = undefined;
  }

  /**
   * The database could not be read: the last copy, marked stale, if this
   * replica has one; otherwise a 503 when the database is out of reach.
   */
  private unreachable(error: unknown): IndexedSnapshot {
    const reason = error instanceof Error ? error.message : String(error);
    // out of reach is an expected state; any other failure is a bug to look at
    const expected =
      isDatabaseUnavailable(error) || (error as Error)?.name === NO_ANSWER_NAME;
    if (!this.cached) {
      if (!expected) throw error;
      this.options.logger?.warn(
        `Mesh security database unreachable and no snapshot read yet: ${reason}`,
      );
      // the details stay in the log: a response says only what is wrong
      throw new ServiceUnavailableError(
        'Mesh security data is not available: the database cannot be reached',
      );
    }
    // with a copy to serve, the database is asked again after an interval
    this.checkedAt = this.now();
    if (!this.outage) {
      const since = this.isoNow();
      this.outage = { since, view: markStale(this.cached, since) };
      const line = `Mesh security snapshot not readable from the database, serving the one of ${this.cached.snapshot.generatedAt} marked stale: ${reason}`;
      if (expected) this.options.logger?.warn(line);
      else this.options.logger?.error(line);
    }
    return this.outage.view;
  }

  private async reload(): Promise<IndexedSnapshot | undefined> {
    const head = await this.db(TABLE)
      .where({ id: SNAPSHOT_ROW })
      .first('revision');
    if (!head) return undefined;
    if (this.cached?.revision !== head.revision) {
      const row = await this.db(TABLE)
        .where({ id: SNAPSHOT_ROW })
        .first('revision', 'payload');
      if (!row) return undefined;
      this.cached = indexSnapshot(row.revision, JSON.parse(row.payload));
    }
    this.checkedAt = this.now();
    return this.cached;
  }
}
