import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshSnapshot } from '../snapshot/types';
import { describeError } from '../sources/errors';
import type { SimulationInputStore } from '../whatIf/SimulationInputStore';
import { SerializedCluster, simulationSlicesOf } from './clusterJob';

/**
 * Writes what each cluster evaluated by this refresh was evaluated from, as
 * the refresh worker serialized it, for what-if simulations. A cluster served
 * stale keeps its earlier row. Never throws: the snapshot is stored already,
 * and what-if is not worth failing the refresh for.
 */
export async function keepSimulationInputs(
  store: Pick<SimulationInputStore, 'writeSerialized'>,
  logger: Pick<LoggerService, 'warn'>,
  snapshot: MeshSnapshot,
  serialized: Map<string, SerializedCluster>,
): Promise<void> {
  const inputs = snapshot.clusters.flatMap(({ cluster, ref }) => {
    const fresh = ref ? serialized.get(ref) : undefined;
    return fresh
      ? [
          {
            cluster,
            evaluatedAt: fresh.evaluatedAt,
            slices: simulationSlicesOf(fresh),
          },
        ]
      : [];
  });
  try {
    await store.writeSerialized(inputs, [
      ...new Set(snapshot.clusters.map(c => c.cluster)),
    ]);
  } catch (error) {
    logger.warn(
      `Could not keep the cluster objects for what-if simulations: ${describeError(
        error,
      )}`,
    );
  }
}
