import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { IndexedSnapshot, indexSnapshot } from './IndexedSnapshot';
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
}

/**
 * The snapshot lives in the plugin's database so every replica serves the
 * one the last refresh wrote, whichever replica ran it. Each replica keeps a
 * parsed, indexed copy and only re-reads the payload when the stored revision
 * changed: that copy is a cache of the database, not a second truth.
 */
export class SnapshotStore {
  private cached?: IndexedSnapshot;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<IndexedSnapshot | undefined>;

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
  ) {}

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

  /** The current snapshot, indexed; undefined until the first refresh has completed. */
  async current(): Promise<IndexedSnapshot | undefined> {
    const interval = this.options.revisionCheckMs ?? 1000;
    if (this.cached && this.now() - this.checkedAt < interval)
      return this.cached;
    // concurrent requests share one check
    this.pending ??= this.reload().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
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
