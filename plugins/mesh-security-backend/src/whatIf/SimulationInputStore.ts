import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  KubeObject,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import type { EngineOptions } from '@mesh-security/mesh-security-engine';
import { sliceText } from '../worker/packedTexts';
import { insertInBatches } from '../snapshot/insertInBatches';
import {
  payloadText,
  StoredPart,
  StoredPayload,
} from '../snapshot/storedPayload';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const TABLE = 'mesh_security_simulation_inputs';
const PARTS_TABLE = 'mesh_security_simulation_input_parts';

/** What one cluster's report was evaluated from: what a simulation of that cluster starts from. */
export interface SimulationInput {
  cluster: string;
  /** the `now` the engine was given, i.e. the report's `evaluatedAt` */
  evaluatedAt: string;
  /** reduced to what the engine reads (`reduceObjects`) */
  objects: KubeObject[];
  metrics?: MeshMetrics;
  options?: EngineOptions;
}

interface Payload {
  objects: KubeObject[];
  metrics?: MeshMetrics;
  options?: EngineOptions;
}

/**
 * The inputs of each cluster's last evaluation, one row per cluster in the
 * plugin's database: written by the replica that refreshed, read by any
 * replica that simulates. Each replica keeps the parsed rows it read and
 * parses a row again only when its revision changed.
 */
export class SimulationInputStore {
  private readonly parsed = new Map<
    string,
    { revision: string; input: SimulationInput }
  >();

  /** The table is created by the plugin's migrations (`SnapshotStore.create` runs them). */
  static async create(
    database: DatabaseService,
  ): Promise<SimulationInputStore> {
    return new SimulationInputStore(await database.getClient());
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Replaces the rows of the given inputs and drops those of clusters no
   * longer served. A cluster served but not in `inputs` (its read failed,
   * its last good report stays) keeps its earlier row.
   */
  async write(inputs: SimulationInput[], served: string[]): Promise<void> {
    await this.writeSerialized(
      inputs.map(input => ({
        cluster: input.cluster,
        evaluatedAt: input.evaluatedAt,
        slices: sliceText(
          JSON.stringify({
            objects: input.objects,
            ...(input.metrics && { metrics: input.metrics }),
            ...(input.options && { options: input.options }),
          } satisfies Payload),
        ),
      })),
      served,
    );
  }

  /**
   * As `write`, each payload (JSON of objects, metrics, options) serialized
   * already in slices (`sliceText`), e.g. by the refresh worker. The slices
   * are written first, then the rows naming them, in one transaction.
   */
  async writeSerialized(
    inputs: Array<{
      cluster: string;
      evaluatedAt: string;
      slices: Iterable<StoredPayload>;
    }>,
    served: string[],
  ): Promise<void> {
    const rows = inputs.map(input => ({
      cluster: input.cluster,
      revision: randomUUID(),
      evaluated_at: input.evaluatedAt,
      // the payload is in PARTS_TABLE
      payload: '',
    }));
    for (const [i, row] of rows.entries()) {
      await insertInBatches(
        this.db,
        PARTS_TABLE,
        (function* slices() {
          let seq = 0;
          for (const payload of inputs[i].slices) {
            yield {
              revision: row.revision,
              seq: seq++,
              cluster: row.cluster,
              payload,
            };
          }
        })(),
      );
    }
    await this.db.transaction(async tx => {
      for (const row of rows) {
        await tx(TABLE).insert(row).onConflict('cluster').merge();
      }
      await tx(TABLE).whereNotIn('cluster', served).delete();
    });
    // slices of replaced rows; a reader that loses them reads the row again
    await this.db(PARTS_TABLE)
      .whereNotIn('revision', this.db(TABLE).select('revision'))
      .delete();
  }

  /** The payload text of a row: in the row, or in its slices (none when the row was replaced meanwhile). */
  private async payloadOf(row: {
    revision: string;
    payload: string;
  }): Promise<string | undefined> {
    if (row.payload !== '') return row.payload;
    const slices: StoredPart[] = await this.db(PARTS_TABLE)
      .where({ revision: row.revision })
      .orderBy('seq')
      .select('payload', 'encoding');
    return slices.length > 0
      ? slices.map(p => payloadText(p.payload, p.encoding)).join('')
      : undefined;
  }

  /** The cluster's inputs, or undefined when none were kept (no refresh yet, or an unknown cluster). */
  async read(cluster: string): Promise<SimulationInput | undefined> {
    const head = await this.db(TABLE).where({ cluster }).first('revision');
    if (!head) {
      this.parsed.delete(cluster);
      return undefined;
    }
    const kept = this.parsed.get(cluster);
    if (kept && kept.revision === head.revision) return kept.input;
    let row: { revision: string; evaluated_at: string; payload: string };
    let text: string | undefined;
    for (let attempt = 1; ; attempt++) {
      row = await this.db(TABLE)
        .where({ cluster })
        .first('revision', 'evaluated_at', 'payload');
      if (!row) return undefined;
      text = await this.payloadOf(row);
      if (text !== undefined) break;
      // replaced while being read: read the new row
      if (attempt >= 3) return undefined;
    }
    const payload: Payload = JSON.parse(text);
    const input: SimulationInput = {
      cluster,
      evaluatedAt: row.evaluated_at,
      ...payload,
    };
    this.parsed.set(cluster, { revision: row.revision, input });
    return input;
  }

  /** Names of the clusters with kept inputs. */
  async clusters(): Promise<string[]> {
    const rows: Array<{ cluster: string }> = await this.db(TABLE)
      .select('cluster')
      .orderBy('cluster');
    return rows.map(r => r.cluster);
  }
}
