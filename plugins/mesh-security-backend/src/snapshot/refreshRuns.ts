import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const RUN_ROW = 'refresh-run';

/** A refresh recorded as started and not (yet) ended. */
export interface RecordedRun {
  id: string;
  /** ISO time, by the clock of the replica that started it */
  startedAt: string;
}

/**
 * The refresh in progress, recorded beside the snapshot. The scheduler frees a
 * global task whose replica died (kill -9, out of memory, cut off from the
 * database) only when its timeout has passed and then only on its janitor's
 * round, once a minute; with this record another replica sees such a run
 * sooner and has it run again.
 */
export class RefreshRuns {
  constructor(
    private readonly db: Knex,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records a run as started; a newer run replaces an older record. */
  async started(): Promise<RecordedRun> {
    const run = {
      id: randomUUID(),
      startedAt: new Date(this.clock()).toISOString(),
    };
    await this.db(this.table)
      .insert({
        id: RUN_ROW,
        revision: run.id,
        generated_at: run.startedAt,
        payload: '{}',
      })
      .onConflict('id')
      .merge();
    return run;
  }

  /** Clears the record, if it is still this run's. */
  async ended(run: RecordedRun): Promise<void> {
    await this.db(this.table).where({ id: RUN_ROW, revision: run.id }).delete();
  }

  /**
   * The recorded run, if it started more than `olderThanMs` ago and never
   * ended; the record is cleared in the same step, so of several replicas
   * asking at once exactly one gets it.
   */
  async claimAbandoned(olderThanMs: number): Promise<RecordedRun | undefined> {
    const row: { revision: string; generated_at: string } | undefined =
      await this.db(this.table)
        .where({ id: RUN_ROW })
        .first('revision', 'generated_at');
    if (!row) return undefined;
    const startedAt = Date.parse(row.generated_at);
    if (!(this.clock() - startedAt > olderThanMs)) return undefined;
    const cleared = await this.db(this.table)
      .where({ id: RUN_ROW, revision: row.revision })
      .delete();
    return cleared === 1
      ? { id: row.revision, startedAt: row.generated_at }
      : undefined;
  }
}
