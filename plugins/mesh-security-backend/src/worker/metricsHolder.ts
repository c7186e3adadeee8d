import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';
import {
  PrometheusReadPlan,
  PrometheusSource,
} from '../sources/prometheusSource';
import { StoredText, storedTextOf } from '../snapshot/storedPayload';
import type { HeldMetrics } from './ClusterEvaluator';
import { jsonPieces } from './jsonPieces';
import { PackedTexts, TextPacker } from './packedTexts';

type MetricsByCluster = Record<string, MeshMetrics>;

/** The metrics' JSON in slices, written as it is made: never one string here either. */
function packedJson(metrics: MetricsByCluster): PackedTexts {
  const packer = new TextPacker();
  packer.addSliced(jsonPieces(metrics));
  return packer.pack();
}

/**
 * The metrics of the refresh under way, read (or taken from the stored last
 * good read) in the refresh worker and kept there for its evaluations: at
 * 36,000 series one Prometheus answer is ~13 MB of JSON, which the main thread
 * would otherwise parse, copy into the worker and stringify again to store.
 */
export class MetricsHolder {
  private held?: { id: number; metrics: MetricsByCluster };
  /** one source per plan: it remembers its last success for the next read's status */
  private source?: { key: string; source: PrometheusSource };

  async read(
    id: number,
    plan: PrometheusReadPlan,
  ): Promise<Omit<HeldMetrics, 'id'>> {
    const key = JSON.stringify(plan);
    if (this.source?.key !== key) {
      this.source = { key, source: PrometheusSource.fromPlan(plan) };
    }
    const read = await this.source.source.read();
    this.held = { id, metrics: read.metrics };
    const usable =
      read.status.state === 'ok' || read.status.state === 'partial';
    return {
      status: read.status,
      ...(usable && { texts: packedJson(read.metrics) }),
    };
  }

  /** Holds the metrics of a stored read (`Record<cluster, MeshMetrics>` as JSON, or its stored parts). */
  hold(id: number, metrics: StoredText): void {
    this.held = { id, metrics: JSON.parse(storedTextOf(metrics)) };
  }

  /**
   * The metrics held under `id`. Throws when they are gone (the worker was
   * started again mid-refresh): evaluating without them would read as a
   * mesh without traffic, and no traffic looks like no plaintext.
   */
  metrics(id: number): MetricsByCluster {
    if (this.held?.id !== id) {
      throw new Error(
        'the metrics read for this refresh are gone (the refresh worker was started again)',
      );
    }
    return this.held.metrics;
  }
}
