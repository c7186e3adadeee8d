import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import type { KubernetesReadPlan } from '../sources/kubernetesReading';
import type { PrometheusReadPlan } from '../sources/prometheusSource';
import type { ClusterJob, SerializedCluster } from './clusterJob';
import type { PackedTexts } from './packedTexts';
import type { StoredText } from '../snapshot/storedPayload';
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

/** Metrics held by an evaluator for one refresh. */
export interface HeldMetrics {
  /** what jobs name as `heldMetrics` */
  id: number;
  /** the read's status (none for a stored read: the caller has it) */
  status?: SourceStatus;
  /**
   * the metrics' JSON in slices, when the read was usable: UTF-8 in shared
   * memory, since a string in a worker message is copied on the receiving
   * thread in one block (a 4x mesh's ~30 MB held the event loop ~100 ms)
   */
  texts?: PackedTexts;
}

/** Reads the stored last good lists (JSON, or its stored parts) of an evaluation. */
export type LoadLastGood = (ref: string) => Promise<StoredText | undefined>;

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
   * Reads Prometheus where the evaluator runs and keeps the metrics there:
   * jobs and contexts naming `heldMetrics` are evaluated with them. The
   * metrics come back only as JSON texts, when the read is usable.
   */
  readMetrics?(plan: PrometheusReadPlan): Promise<HeldMetrics>;
  /** Keeps the metrics of a stored read (JSON, or its stored parts) instead: for a failed read. */
  holdMetrics?(metrics: StoredText): Promise<HeldMetrics>;
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
