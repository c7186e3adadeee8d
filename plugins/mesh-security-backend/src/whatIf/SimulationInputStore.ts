import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  KubeObject,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import type { EngineOptions } from '@mesh-security/mesh-security-engine';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const TABLE = 'mesh_security_simulation_inputs';

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
    const rows = inputs.map(input => ({
      cluster: input.cluster,
      revision: randomUUID(),
      evaluated_at: input.evaluatedAt,
      payload: JSON.stringify({
        objects: input.objects,
        ...(input.metrics && { metrics: input.metrics }),
        ...(input.options && { options: input.options }),
      } satisfies Payload),
    }));
    await this.db.transaction(async tx => {
      for (const row of rows) {
        await tx(TABLE).insert(row).onConflict('cluster').merge();
      }
      await tx(TABLE).whereNotIn('cluster', served).delete();
    });
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
    const row = await this.db(TABLE)
      .where({ cluster })
      .first('revision', 'evaluated_at', 'payload');
    if (!row) return undefined;
    const payload: Payload = JSON.parse(row.payload);
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
