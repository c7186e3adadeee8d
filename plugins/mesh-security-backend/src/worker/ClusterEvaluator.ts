import type { KubernetesReadPlan } from '../sources/kubernetesReading';
import type { ClusterJob, SerializedCluster } from './clusterJob';
import {
  ClusterJobRunner,
  EvaluateMesh,
  LastGoodNeeded,
  reduceRead,
} from './clusterJob';
import {
  ClusterOutcome,
  NeedLastGood,
  ReadContext,
  readAndEvaluatePlan,
} from './kubernetesReadJob';

/** Reads the stored last good lists (JSON) of an evaluation. */
export type LoadLastGood = (ref: string) => Promise<string | undefined>;

/** Evaluates one cluster read; throws with the reason when the engine fails. */
export interface ClusterEvaluator {
  evaluate(
    job: ClusterJob,
    loadLastGood: LoadLastGood,
  ): Promise<SerializedCluster>;
  /**
   * Reads the clusters of a Kubernetes plan and evaluates each where the
   * evaluator runs, so their objects never reach the caller. One outcome per
   * planned cluster, in the plan's order; throws when the evaluator itself
   * fails.
   */
  readAndEvaluate?(
    plan: KubernetesReadPlan,
    context: ReadContext,
    loadLastGood: NeedLastGood,
  ): Promise<ClusterOutcome[]>;
  /**
   * The caller has written the texts of these evaluations (their
   * `SerializedCluster.texts`) and reads them no more: the evaluator may
   * write the next ones into the same memory.
   */
  release?(refs: string[]): void;
}

/** In the plan's order: outcomes arrive as clusters finish. */
export function inPlanOrder(
  plan: KubernetesReadPlan,
  outcomes: ClusterOutcome[],
): ClusterOutcome[] {
  const by = new Map(outcomes.map(o => [o.cluster, o]));
  return plan.clusters.flatMap(c => {
    const outcome = by.get(c);
    return outcome ? [outcome] : [];
  });
}

/** The same work on the calling thread: for tests and small meshes. */
export class InProcessEvaluator implements ClusterEvaluator {
  private readonly runner: ClusterJobRunner;

  constructor(evaluate: EvaluateMesh) {
    this.runner = new ClusterJobRunner(evaluate);
  }

  async evaluate(
    job: ClusterJob,
    loadLastGood: LoadLastGood,
  ): Promise<SerializedCluster> {
    const reduced = { ...job, read: reduceRead(job.read) };
    try {
      return this.runner.run(reduced);
    } catch (error) {
      if (!(error instanceof LastGoodNeeded)) throw error;
      this.runner.provide(
        job.read.cluster,
        error.ref,
        await loadLastGood(error.ref),
      );
      return this.runner.run(reduced);
    }
  }

  async readAndEvaluate(
    plan: KubernetesReadPlan,
    context: ReadContext,
    loadLastGood: NeedLastGood,
  ): Promise<ClusterOutcome[]> {
    const outcomes: ClusterOutcome[] = [];
    await readAndEvaluatePlan(plan, context, this.runner, loadLastGood, o =>
      outcomes.push(o),
    );
    return inPlanOrder(plan, outcomes);
  }
}
