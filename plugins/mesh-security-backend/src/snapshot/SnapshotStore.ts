import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { IndexedSnapshot, indexSnapshotYielding } from './IndexedSnapshot';
import { isDatabaseUnavailable } from './databaseUnavailable';
import { markStale } from './markStale';
import { RefreshRuns } from './refreshRuns';
import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import type {
  ClusterSnapshot,
  LastGoodMetrics,
  MeshSnapshot,
  StoredMetrics,
} from './types';
import {
  isStoredHead,
  PartRow,
  PARTS_TABLE,
  PartsMissing,
  StoredCluster,
  StoredHead,
  storedCluster,
} from './storedSnapshot';
import {
  lastGoodSlicesOf,
  reportPartBytesOf,
  SerializedCluster,
} from '../worker/clusterJob';
import {
  payloadText,
  StoredPart,
  StoredPayload,
  storedTextOf,
} from './storedPayload';
import { decodeReport, encodeReport } from '../worker/reportParts';
import { sliceText } from '../worker/packedTexts';
import { insertInBatches } from './insertInBatches';
import { createYielder } from '../worker/yieldToLoop';

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

/** slices of last good lists read per query (~2 MB) */
const LAST_GOOD_SLICES_PER_QUERY = 8;

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
  /** the stored evaluations of the latest head this replica read or wrote, by ref */
  private storedRefs = new Map<string, StoredCluster>();
  /** writes in progress: this replica is about to hold the newest snapshot itself */
  private writing = 0;
  /** the last good metrics as last read or written */
  private metrics?: { revision: string; metrics: LastGoodMetrics };
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

  /**
   * Replaces the stored snapshot (and the last good metrics, when given).
   * Each cluster evaluated by this refresh is written as its own parts, from
   * `serialized` (the refresh worker's strings) or serialized here; a cluster
   * kept from the previous snapshot (served stale) keeps its stored parts.
   * The head row goes last and in one statement: the swap is atomic for
   * every replica.
   */
  async write(
    snapshot: MeshSnapshot,
    metrics?: LastGoodMetrics,
    serialized?: Map<string, SerializedCluster>,
  ): Promise<void> {
    this.writing++;
    try {
      await this.writeParts(snapshot, metrics, serialized);
    } finally {
      this.writing--;
    }
  }

  private async writeParts(
    snapshot: MeshSnapshot,
    metrics?: LastGoodMetrics,
    serialized?: Map<string, SerializedCluster>,
  ): Promise<void> {
    const revision = randomUUID();
    const stored: StoredCluster[] = [];
    for (const cluster of snapshot.clusters) {
      const fresh = cluster.ref ? serialized?.get(cluster.ref) : undefined;
      const kept = cluster.ref ? this.storedRefs.get(cluster.ref) : undefined;
      if (fresh) {
        await this.insertParts(cluster.cluster, {
          ref: fresh.ref,
          reportParts: reportPartBytesOf(fresh),
          ...(fresh.lastGood && { lastGood: lastGoodSlicesOf(fresh) }),
        });
        stored.push(
          storedCluster(cluster, fresh.ref, fresh.reportParts, fresh.lastGood),
        );
      } else if (kept && !cluster.lastGood) {
        stored.push(
          storedCluster(cluster, kept.ref, kept.parts, kept.lastGood),
        );
      } else {
        // built in this thread (tests, no worker): serialized here
        const ref = randomUUID();
        const reportParts = encodeReport(cluster.report);
        const lastGood = cluster.lastGood && JSON.stringify(cluster.lastGood);
        await this.insertParts(cluster.cluster, {
          ref,
          reportParts,
          ...(lastGood && { lastGood: sliceText(lastGood) }),
        });
        stored.push(
          storedCluster(cluster, ref, reportParts.length, !!lastGood),
        );
      }
    }
    const head: StoredHead = {
      format: 2,
      generatedAt: snapshot.generatedAt,
      sources: snapshot.sources,
      clusters: stored,
    };
    const rows = [
      {
        id: SNAPSHOT_ROW,
        revision,
        generated_at: snapshot.generatedAt,
        payload: JSON.stringify(head),
      },
    ];
    const metricsRef = metrics && randomUUID();
    let storedMetrics: LastGoodMetrics | undefined;
    if (metrics && metricsRef) {
      await this.insertMetricsParts(
        metricsRef,
        metrics.metricsSlices?.() ?? sliceText(await metrics.metricsJson()),
      );
      const metricsHead: StoredMetricsHead = {
        format: 2,
        readAt: metrics.readAt,
        status: metrics.status,
        ref: metricsRef,
      };
      const payload = JSON.stringify(metricsHead);
      rows.push({
        id: METRICS_ROW,
        revision,
        generated_at: metrics.readAt,
        payload,
      });
      // kept as stored, not as given: the metrics' JSON (~50 MB at 4x) is not held between refreshes
      storedMetrics = this.metricsOf({ payload });
    }
    let replaced: StoredHead | undefined;
    let replacedMetrics: string | undefined;
    await this.db.transaction(async tx => {
      const old = await tx(TABLE).where({ id: SNAPSHOT_ROW }).first('payload');
      const parsed = old && JSON.parse(old.payload);
      replaced = isStoredHead(parsed) ? parsed : undefined;
      const oldMetrics = await tx(TABLE)
        .where({ id: METRICS_ROW })
        .first('payload');
      replacedMetrics = oldMetrics && metricsHeadOf(oldMetrics.payload)?.ref;
      for (const row of rows) {
        await tx(TABLE).insert(row).onConflict('id').merge();
      }
    });
    // the parts of the replaced snapshot stay one generation, for a replica reading it right now
    // so do the stored metrics' (kept as they are when this refresh read none)
    const keep = new Set([
      ...stored.map(c => c.ref),
      ...(replaced?.clusters.map(c => c.ref) ?? []),
      ...(metricsRef ? [metricsRef] : []),
      ...(replacedMetrics ? [replacedMetrics] : []),
    ]);
    await this.db(PARTS_TABLE)
      .whereNotIn('ref', [...keep])
      .delete();
    // this replica just built it: no need to read it back
    this.remember(head);
    this.cached = await indexSnapshotYielding(revision, {
      ...snapshot,
      clusters: snapshot.clusters.map((c, i) => ({
        ...withoutLastGood(c),
        ref: stored[i].ref,
      })),
    });
    if (storedMetrics) this.metrics = { revision, metrics: storedMetrics };
    this.checkedAt = this.now();
    this.reachable();
  }

  private async insertParts(
    cluster: string,
    parts: {
      ref: string;
      reportParts: Iterable<StoredPayload>;
      /** slices of the last good lists' JSON */
      lastGood?: Iterable<StoredPayload>;
    },
  ) {
    const { ref } = parts;
    await insertInBatches(
      this.db,
      PARTS_TABLE,
      (function* rows(): Generator<PartRow> {
        let seq = 0;
        for (const payload of parts.reportParts) {
          yield { ref, kind: 'report', seq: seq++, cluster, payload };
        }
        seq = 0;
        for (const payload of parts.lastGood ?? []) {
          yield { ref, kind: 'lastgood', seq: seq++, cluster, payload };
        }
      })(),
    );
  }

  /** The stored metrics; their parts are read only when asked for. */
  private metricsOf(row: Pick<StoredRow, 'payload'>): LastGoodMetrics {
    const head = metricsHeadOf(row.payload);
    if (!head) {
      // written before the metrics were stored in parts: all in this row
      const { readAt, status, metrics } = JSON.parse(
        row.payload,
      ) as StoredMetrics;
      return {
        readAt,
        status,
        metricsJson: async () => JSON.stringify(metrics),
      };
    }
    const parts = async () => {
      const stored = await this.loadSlices(head.ref, 'metrics');
      if (stored === undefined) {
        throw new Error('the stored metrics were replaced meanwhile');
      }
      return stored;
    };
    return {
      readAt: head.readAt,
      status: head.status,
      metricsJson: async () => storedTextOf(await parts()),
      metricsParts: parts,
    };
  }

  /** The metrics' JSON in slices: one row of ~50 MB held the event loop ~300 ms on SQLite. */
  private async insertMetricsParts(
    ref: string,
    slices: Iterable<StoredPayload>,
  ) {
    await insertInBatches(
      this.db,
      PARTS_TABLE,
      (function* rows(): Generator<PartRow> {
        let seq = 0;
        for (const payload of slices) {
          yield { ref, kind: 'metrics', seq: seq++, cluster: '*', payload };
        }
      })(),
    );
  }

  private remember(head: StoredHead) {
    this.storedRefs = new Map(head.clusters.map(c => [c.ref, c]));
  }

  /**
   * The stored last good lists of a cluster evaluation, if it has any: their
   * JSON's parts as stored, decoded where they are used (the refresh worker).
   */
  loadLastGood(ref: string): Promise<StoredPart[] | undefined> {
    return this.loadSlices(ref, 'lastgood');
  }

  /** The parts of a text stored in slices, in order, undecoded; undefined when none is stored. */
  private async loadSlices(
    ref: string,
    kind: PartRow['kind'],
  ): Promise<StoredPart[] | undefined> {
    // a few slices per query, the event loop let through between them: one
    // query for all of a 4x mesh's lists held it for ~480 ms on SQLite
    const yieldNow = createYielder();
    const slices: StoredPart[] = [];
    for (;;) {
      await yieldNow();
      const rows: StoredPart[] = await this.db(PARTS_TABLE)
        .where({ ref, kind })
        .andWhere('seq', '>=', slices.length)
        .orderBy('seq')
        .limit(LAST_GOOD_SLICES_PER_QUERY)
        .select('payload', 'encoding');
      slices.push(...rows);
      if (rows.length < LAST_GOOD_SLICES_PER_QUERY) break;
    }
    return slices.length > 0 ? slices : undefined;
  }

  /**
   * What the next refresh starts from: the stored snapshot (the copy this
   * replica serves, read again only when another replica wrote a newer one)
   * and the last good metrics. Never the copy marked stale during an outage.
   */
  async latestForRefresh(): Promise<{
    snapshot?: MeshSnapshot;
    metrics?: LastGoodMetrics;
  }> {
    const view = await this.reload();
    const row = await this.db(TABLE)
      .where({ id: METRICS_ROW })
      .first('revision', 'payload');
    if (row && this.metrics?.revision !== row.revision) {
      this.metrics = { revision: row.revision, metrics: this.metricsOf(row) };
    }
    return { snapshot: view?.snapshot, metrics: row && this.metrics?.metrics };
  }

  /**
   * The stored snapshot and metrics as written, last good lists included
   * (never the cache: another replica may have written). Reads everything;
   * the refresh uses `latestForRefresh`.
   */
  async readLatest(): Promise<{
    snapshot?: MeshSnapshot;
    metrics?: LastGoodMetrics;
  }> {
    const rows: StoredRow[] = await this.db(TABLE)
      .whereIn('id', [SNAPSHOT_ROW, METRICS_ROW])
      .select('id', 'payload');
    const metricsRow = rows.find(r => r.id === METRICS_ROW);
    const headRow = rows.find(r => r.id === SNAPSHOT_ROW);
    const head = headRow && JSON.parse(headRow.payload);
    let snapshot: MeshSnapshot | undefined = head;
    if (isStoredHead(head)) {
      snapshot = await this.assemble(head);
      for (const [i, cluster] of head.clusters.entries()) {
        if (!cluster.lastGood) continue;
        const lastGood = await this.loadLastGood(cluster.ref);
        if (lastGood) {
          snapshot.clusters[i].lastGood = JSON.parse(storedTextOf(lastGood));
        }
      }
    }
    return { snapshot, metrics: metricsRow && this.metricsOf(metricsRow) };
  }

  /** The snapshot a head names, reports read part by part. */
  private async assemble(head: StoredHead): Promise<MeshSnapshot> {
    const clusters: ClusterSnapshot[] = [];
    for (const stored of head.clusters) {
      const rows: StoredPart[] = await this.db(PARTS_TABLE)
        .where({ ref: stored.ref, kind: 'report' })
        .orderBy('seq')
        .select('payload', 'encoding');
      if (rows.length !== stored.parts) throw new PartsMissing(stored.ref);
      const { parts: _parts, lastGood: _lastGood, ...rest } = stored;
      clusters.push({
        ...rest,
        // inflated one part at a time, as decodeReport reaches it
        report: await decodeReport(
          (function* texts() {
            for (const r of rows) yield payloadText(r.payload, r.encoding);
          })(),
        ),
      });
    }
    return {
      generatedAt: head.generatedAt,
      sources: head.sources,
      clusters,
    };
  }

  /**
   * The current snapshot, indexed; undefined until the first refresh has
   * completed. Throws a ServiceUnavailableError when the database cannot be
   * read and this replica has no copy yet.
   */
  async current(): Promise<IndexedSnapshot | undefined> {
    // While this replica writes, the newest snapshot is the one it is about
    // to swap in: a revision check would only queue behind the writes for a
    // connection (SQLite has one) and hold every request meanwhile.
    if (this.writing > 0 && this.cached && !this.outage) return this.cached;
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
    for (let attempt = 1; ; attempt++) {
      const head = await this.db(TABLE)
        .where({ id: SNAPSHOT_ROW })
        .first('revision');
      if (!head) return undefined;
      if (this.cached?.revision !== head.revision) {
        const row = await this.db(TABLE)
          .where({ id: SNAPSHOT_ROW })
          .first('revision', 'payload');
        if (!row) return undefined;
        const stored = JSON.parse(row.payload);
        let snapshot: MeshSnapshot;
        try {
          // a snapshot written before the parts (one blob) is read whole
          snapshot = isStoredHead(stored)
            ? await this.assemble(stored)
            : stored;
        } catch (error) {
          // replaced twice while being read: read the newest one
          if (error instanceof PartsMissing && attempt < 3) continue;
          throw error;
        }
        if (isStoredHead(stored)) this.remember(stored);
        this.cached = await indexSnapshotYielding(row.revision, snapshot);
      }
      this.checkedAt = this.now();
      return this.cached;
    }
  }
}

function withoutLastGood(cluster: ClusterSnapshot): ClusterSnapshot {
  const { lastGood: _lastGood, ...rest } = cluster;
  return rest;
}

interface StoredRow {
  id: string;
  payload: string;
}

/** The metrics row: the read's status, its metrics in parts under `ref`. */
interface StoredMetricsHead {
  format: 2;
  readAt: string;
  status: SourceStatus;
  ref: string;
}

function metricsHeadOf(payload: string): StoredMetricsHead | undefined {
  const head = JSON.parse(payload);
  return head?.format === 2 ? head : undefined;
}
