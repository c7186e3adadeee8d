import type { DatabaseService } from '@backstage/backend-plugin-api';
import {
  SEVERITIES,
  type Grade,
  type Severity,
} from '@mesh-security/plugin-mesh-security-common';
import type { RetentionCutoffs } from './retention';
import {
  MS_PER_DAY,
  type HistoryPointRecord,
  type HistoryScope,
} from './types';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const HISTORY = 'mesh_security_history';
const SENT = 'mesh_security_regressions_sent';

/** Rows per INSERT: well below the bound parameters SQLite and PostgreSQL accept in one statement. */
const INSERT_BATCH = 500;

interface HistoryRow {
  scope: string;
  subject: string;
  at: number | string;
  day: number;
  mtls_mode: string | null;
  workloads: number;
  meshed: number;
  strict: number;
  mtls_traffic_share: number | null;
  rps: number | null;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  grade: string | null;
  score: number | null;
  partial: boolean | number;
}

const COLUMNS: Array<keyof HistoryRow> = [
  'at',
  'mtls_mode',
  'workloads',
  'meshed',
  'strict',
  'mtls_traffic_share',
  'rps',
  'critical',
  'high',
  'medium',
  'low',
  'info',
  'grade',
  'score',
  'partial',
];

function toRow(point: HistoryPointRecord): HistoryRow {
  return {
    scope: point.scope,
    subject: point.subject,
    at: point.at,
    day: Math.floor(point.at / MS_PER_DAY),
    mtls_mode: point.mtlsMode,
    workloads: point.workloads,
    meshed: point.meshed,
    strict: point.strict,
    mtls_traffic_share: point.mtlsTrafficShare,
    rps: point.rps,
    critical: point.findingsBySeverity.critical,
    high: point.findingsBySeverity.high,
    medium: point.findingsBySeverity.medium,
    low: point.findingsBySeverity.low,
    info: point.findingsBySeverity.info,
    grade: point.grade,
    score: point.score,
    partial: point.partial,
  };
}

/** PostgreSQL hands bigint and double back as strings, SQLite booleans as 0/1. */
const num = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

function fromRow(
  scope: HistoryScope,
  subject: string,
  row: HistoryRow,
): HistoryPointRecord {
  return {
    scope,
    subject,
    at: Number(row.at),
    mtlsMode: row.mtls_mode as HistoryPointRecord['mtlsMode'],
    workloads: row.workloads,
    meshed: row.meshed,
    strict: row.strict,
    mtlsTrafficShare: num(row.mtls_traffic_share),
    rps: num(row.rps),
    findingsBySeverity: Object.fromEntries(
      SEVERITIES.map(s => [s, Number(row[s])]),
    ) as Record<Severity, number>,
    grade: row.grade as Grade | null,
    score: num(row.score),
    partial: !!row.partial,
  };
}

/** A regression about to be announced, as remembered. */
export interface RegressionClaim {
  id: string;
  kind: string;
  entityRef: string;
  /** ms since the epoch */
  at: number;
}

/**
 * The plugin's posture history and the regressions already announced, in
 * the plugin's database (the tables come from the plugin's migrations, which
 * the snapshot store runs at startup). Every write is idempotent: the
 * replicas share the tables and may repeat one another.
 */
export class HistoryStore {
  static async create(database: DatabaseService): Promise<HistoryStore> {
    return new HistoryStore(await database.getClient());
  }

  constructor(private readonly db: Knex) {}

  /**
   * Adds points; a point already there (same subject and time) is kept as it
   * is, or with `replace` takes the new figures (a team's point recorded
   * again over more of its entities).
   */
  async record(
    points: HistoryPointRecord[],
    options: { replace?: boolean } = {},
  ): Promise<void> {
    const rows = points.map(toRow);
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const conflict = this.db(HISTORY)
        .insert(rows.slice(i, i + INSERT_BATCH))
        .onConflict(['scope', 'subject', 'at']);
      await (options.replace ? conflict.merge() : conflict.ignore());
    }
  }

  /** How many entities have a point at `at` (ms since the epoch). */
  async entityPointsAt(at: number): Promise<number> {
    const [row] = await this.db(HISTORY)
      .where({ scope: 'entity', at })
      .count({ count: '*' });
    return Number(row?.count ?? 0);
  }

  /** `<scope> <subject>` of every subject with points (the demo's seeding reads it). */
  async subjectsWithPoints(): Promise<Set<string>> {
    const rows: Array<{ scope: string; subject: string }> = await this.db(
      HISTORY,
    )
      .distinct('scope', 'subject')
      .select();
    return new Set(rows.map(r => `${r.scope} ${r.subject}`));
  }

  /**
   * The points of one subject since `sinceMs`, oldest first, in one query.
   * With `bucketMs`, only the last point of each interval of that length
   * (counted from `sinceMs`) is returned: the database thins a long window
   * instead of shipping every refresh's row to be dropped here.
   */
  async read(
    scope: HistoryScope,
    subject: string,
    sinceMs: number,
    bucketMs?: number,
  ): Promise<HistoryPointRecord[]> {
    const key = subject.toLocaleLowerCase('en-US');
    const db = this.db;
    const query = db(HISTORY)
      .where({ scope, subject: key })
      .andWhere('at', '>=', sinceMs)
      .orderBy('at', 'asc')
      .select(COLUMNS);
    if (bucketMs !== undefined) {
      const width = Math.max(1, Math.floor(bucketMs));
      query.whereIn(
        'at',
        db(HISTORY)
          .where({ scope, subject: key })
          .andWhere('at', '>=', sinceMs)
          // integer buckets on both databases (a bound number may be a float to SQLite)
          .groupBy(
            db.raw('CAST((?? - ?) / ? AS INTEGER)', ['at', sinceMs, width]),
          )
          .max('at'),
      );
    }
    const rows: HistoryRow[] = await query;
    return rows.map(row => fromRow(scope, key, row));
  }

  /**
   * Deletes points older than the retention, then thins older points than the
   * full-resolution days to the last point of each UTC day. Both statements
   * are idempotent, so replicas running them concurrently agree.
   */
  async prune(cutoffs: RetentionCutoffs): Promise<{
    expired: number;
    thinned: number;
  }> {
    const expired = await this.db(HISTORY)
      .where('at', '<', cutoffs.deleteBefore)
      .delete();
    const db = this.db;
    const thinned = await db(HISTORY)
      .where('at', '<', cutoffs.fullResolutionFrom)
      .whereExists(function later() {
        this.select(db.raw('1'))
          .from({ later: HISTORY })
          .whereRaw('?? = ??', ['later.scope', `${HISTORY}.scope`])
          .andWhereRaw('?? = ??', ['later.subject', `${HISTORY}.subject`])
          .andWhereRaw('?? = ??', ['later.day', `${HISTORY}.day`])
          .andWhereRaw('?? > ??', ['later.at', `${HISTORY}.at`]);
      })
      .delete();
    await db(SENT).where('sent_at', '<', cutoffs.deleteBefore).delete();
    return { expired, thinned };
  }

  /**
   * Remembers a regression as announced. True only for the caller whose
   * insert created the row: that one sends the notification, everyone else
   * (another replica, a later refresh) skips it.
   */
  async claimRegression(claim: RegressionClaim): Promise<boolean> {
    const inserted = await this.db(SENT)
      .insert({
        id: claim.id,
        kind: claim.kind,
        entity_ref: claim.entityRef,
        sent_at: claim.at,
      })
      .onConflict('id')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /**
   * Forgets a claim whose notification could not be sent: a replica that
   * detects the same regression again may then send it.
   */
  async releaseRegression(id: string): Promise<void> {
    await this.db(SENT).where({ id }).delete();
  }
}
