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

/** A cluster's kept inputs as stored: the parts of its JSON, still encoded. */
export interface StoredSimulationInput {
  cluster: string;
  revision: string;
  evaluatedAt: string;
  parts: StoredPart[];
}

/** The inputs of a stored row, decoded and parsed (where they are used: the what-if worker). */
export function decodeSimulationInput(
  stored: StoredSimulationInput,
): SimulationInput {
  const text = stored.parts
    .map(p => payloadText(p.payload, p.encoding))
    .join('');
  const payload: Payload = JSON.parse(text);
  return {
    cluster: stored.cluster,
    evaluatedAt: stored.evaluatedAt,
    ...payload,
  };
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

  /** The payload parts of a row: the row's own, or its slices (none when the row was replaced meanwhile). */
  private async partsOf(row: {
    revision: string;
    payload: string;
  }): Promise<StoredPart[] | undefined> {
    if (row.payload !== '') return [{ payload: row.payload }];
    const slices: StoredPart[] = await this.db(PARTS_TABLE)
      .where({ revision: row.revision })
      .orderBy('seq')
      .select('payload', 'encoding');
    return slices.length > 0 ? slices : undefined;
  }

  /** The revision of the cluster's kept inputs; undefined when none are kept. */
  async revisionOf(cluster: string): Promise<string | undefined> {
    const head = await this.db(TABLE).where({ cluster }).first('revision');
    return head?.revision;
  }

  /**
   * The cluster's kept inputs as stored, undecoded: what a reader on another
   * thread decodes (`decodeSimulationInput`). Undefined when none are kept.
   */
  async readStored(
    cluster: string,
  ): Promise<StoredSimulationInput | undefined> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const row: { revision: string; evaluated_at: string; payload: string } =
        await this.db(TABLE)
          .where({ cluster })
          .first('revision', 'evaluated_at', 'payload');
      if (!row) return undefined;
      const parts = await this.partsOf(row);
      if (parts) {
        return {
          cluster,
          revision: row.revision,
          evaluatedAt: row.evaluated_at,
          parts,
        };
      }
      // replaced while being read: read the new row
    }
    return undefined;
  }

  /**
   * The cluster's inputs, decoded on this thread, or undefined when none were
   * kept (no refresh yet, or an unknown cluster). The backend's routes hand
   * them to the what-if worker instead (`readStored`).
   */
  async read(cluster: string): Promise<SimulationInput | undefined> {
    const revision = await this.revisionOf(cluster);
    if (!revision) {
      this.parsed.delete(cluster);
      return undefined;
    }
    const kept = this.parsed.get(cluster);
    if (kept && kept.revision === revision) return kept.input;
    const stored = await this.readStored(cluster);
    if (!stored) return undefined;
    const input = decodeSimulationInput(stored);
    this.parsed.set(cluster, { revision: stored.revision, input });
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
