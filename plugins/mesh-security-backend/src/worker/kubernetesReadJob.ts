/**
 * Reads the clusters of a Kubernetes plan and evaluates each as soon as it
 * is read, so a cluster's objects live only as long as its evaluation, on
 * the thread that runs this: the refresh worker, or the caller under test.
 */
import type {
  MeshMetrics,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import { mapWithConcurrency } from '@mesh-security/plugin-mesh-security-common';
import type { EngineOptions } from '@mesh-security/mesh-security-engine';
import { describeError } from '../sources/errors';
import { KubernetesReadPlan, readCluster } from '../sources/kubernetesReading';
import { Redactor } from '../sources/redact';
import type { StoredText } from '../snapshot/storedPayload';
import {
  ClusterJobRunner,
  LastGoodNeeded,
  SerializedCluster,
} from './clusterJob';

/** What every cluster's evaluation is told, besides its read. */
export interface ReadContext {
  /** by cluster name; `*` for every cluster */
  metrics: Record<string, MeshMetrics>;
  /** in the refresh worker: the metrics it holds under this id stand for `metrics` */
  heldMetrics?: number;
  now: string;
  generatedAt: string;
  options?: EngineOptions;
  /** per cluster: the stored evaluation its last good lists come from */
  previousRefs: Record<string, string>;
}

/**
 * One cluster of the plan: its read status, and the evaluation when the read
 * was usable (or why the evaluation failed). Never holds objects.
 */
export interface ClusterOutcome {
  cluster: string;
  status: SourceStatus;
  result?: SerializedCluster;
  error?: string;
}

/** Hands over the stored last good lists (JSON, or its stored parts) of `ref`. */
export type NeedLastGood = (
  cluster: string,
  ref: string,
) => Promise<StoredText | undefined>;

export async function readAndEvaluatePlan(
  plan: KubernetesReadPlan,
  context: ReadContext,
  runner: ClusterJobRunner,
  needLastGood: NeedLastGood,
  onOutcome: (outcome: ClusterOutcome) => void,
  clock: () => Date = () => new Date(),
): Promise<void> {
  const redactor = Redactor.create(plan.secrets);
  await mapWithConcurrency(
    plan.clusters,
    plan.clusterConcurrency,
    async cluster => {
      const read = await readCluster(plan, cluster, redactor, clock);
      const { status } = read;
      if (status.state !== 'ok' && status.state !== 'partial') {
        onOutcome({ cluster, status });
        return;
      }
      const job = {
        read,
        metrics: context.metrics[cluster] ?? context.metrics['*'],
        now: context.now,
        generatedAt: context.generatedAt,
        options: context.options,
        previousRef: context.previousRefs[cluster],
      };
      try {
        let result: SerializedCluster;
        try {
          result = runner.run(job);
        } catch (error) {
          if (!(error instanceof LastGoodNeeded)) throw error;
          runner.provide(
            cluster,
            error.ref,
            await needLastGood(cluster, error.ref),
          );
          result = runner.run(job);
        }
        onOutcome({ cluster, status, result });
      } catch (error) {
        onOutcome({ cluster, status, error: describeError(error) });
      }
    },
  );
}
