import type { LoggerService } from '@backstage/backend-plugin-api';
import type { MeshReport } from '@mesh-security/plugin-mesh-security-common';
import type { EngineInput } from '@mesh-security/mesh-security-engine';
import type { EvaluateMesh } from '../refresh/buildSnapshot';
import type { MeshSnapshot } from '../snapshot/types';
import { describeError } from '../sources/errors';
import { reduceObjects } from './reduceObjects';
import type { SimulationInputStore } from './SimulationInputStore';

/**
 * Keeps, for each cluster of a refresh, the objects and metrics its report
 * was evaluated from, so that a simulation never reads the cluster again.
 * The refresh's engine is wrapped to note each report's input; once the
 * snapshot is stored, the inputs of the reports it holds are written.
 * A cluster served stale keeps the row of the evaluation its report came from.
 */
export class SimulationInputRecorder {
  // keyed by the report object itself: the refresh stores the report the engine returned
  private readonly inputs = new WeakMap<MeshReport, EngineInput>();

  constructor(
    private readonly store: Pick<SimulationInputStore, 'write'>,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {}

  /** The engine, noting what each report was evaluated from. */
  recording(evaluate: EvaluateMesh): EvaluateMesh {
    return input => {
      const report = evaluate(input);
      this.inputs.set(report, input);
      return report;
    };
  }

  /**
   * Writes the inputs of the snapshot's freshly evaluated reports. Never
   * throws: the snapshot is stored already, and what-if is not worth failing
   * the refresh for; a failure is logged and the earlier rows stay.
   */
  async keep(snapshot: MeshSnapshot): Promise<void> {
    const fresh = new Map<string, EngineInput>();
    for (const { cluster, report } of snapshot.clusters) {
      const input = this.inputs.get(report);
      if (!input) continue;
      fresh.set(cluster, input);
      // written once: the objects need not live as long as the cached report
      this.inputs.delete(report);
    }
    try {
      await this.store.write(
        [...fresh].map(([cluster, input]) => ({
          cluster,
          evaluatedAt: input.now.toISOString(),
          objects: reduceObjects(input.objects),
          ...(input.metrics && { metrics: input.metrics }),
          ...(input.options && { options: input.options }),
        })),
        [...new Set(snapshot.clusters.map(c => c.cluster))],
      );
    } catch (error) {
      this.logger.warn(
        `Could not keep the cluster objects for what-if simulations: ${describeError(
          error,
        )}`,
      );
    }
  }
}
