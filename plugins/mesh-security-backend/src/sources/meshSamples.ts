/**
 * Turns the instant vectors of {@link buildMeshQueries} into {@link MeshMetrics}.
 * Pure: no I/O, the read time is a parameter.
 */
import type {
  ConnectionSecurity,
  FlowSample,
  IdentitySample,
  LatencySample,
  MeshMetrics,
  TrafficProtocol,
} from '@mesh-security/plugin-mesh-security-common';
import type { MeshQueryName } from './meshQueries';
import { QUANTILE_LABEL } from './meshQueries';

/** One element of an instant vector, value already parsed (NaN and ±Inf kept). */
export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

/** Every cluster's metrics under `*` unless a cluster label splits them. */
export const ALL_CLUSTERS = '*';

export interface MeshSampleOptions {
  collectedAt: string;
  rateWindow: string;
  longWindow: string;
  /** label whose value keys the result (e.g. `cluster`); undefined: everything under `*` */
  clusterLabel?: string;
}

const UNKNOWN = 'unknown';

function label(metric: Record<string, string>, name: string): string {
  const value = metric[name];
  return value === undefined || value === '' ? UNKNOWN : value;
}

function security(value: string | undefined): ConnectionSecurity {
  return value === 'mutual_tls' || value === 'none' ? value : 'unknown';
}

function reporterOf(value: string | undefined): 'source' | 'destination' {
  return value === 'destination' ? 'destination' : 'source';
}

function protocolOf(value: string | undefined): TrafficProtocol {
  return value === 'grpc' ? 'grpc' : 'http';
}

/** `{ destinationService }` when the label holds a real FQDN, else nothing. */
function serviceOf(value: string | undefined): { destinationService?: string } {
  return value && value !== UNKNOWN ? { destinationService: value } : {};
}

function isServerError(code: string | undefined): boolean {
  return code !== undefined && /^5\d\d$/.test(code);
}

class ClusterBuckets {
  private readonly byCluster = new Map<string, MeshMetrics>();
  private readonly flowIndex = new Map<string, FlowSample>();
  private readonly latencyIndex = new Map<string, LatencySample>();
  private readonly identityIndex = new Map<string, IdentitySample>();

  constructor(private readonly options: MeshSampleOptions) {}

  clusterOf(metric: Record<string, string>): string {
    const name = this.options.clusterLabel;
    const value = name ? metric[name] : undefined;
    return value ? value : ALL_CLUSTERS;
  }

  metrics(cluster: string): MeshMetrics {
    let metrics = this.byCluster.get(cluster);
    if (!metrics) {
      metrics = {
        collectedAt: this.options.collectedAt,
        window: this.options.rateWindow,
        longWindow: this.options.longWindow,
        flows: [],
        latencies: [],
        identities: [],
      };
      this.byCluster.set(cluster, metrics);
    }
    return metrics;
  }

  addFlow(cluster: string, flow: FlowSample) {
    const key = JSON.stringify([
      cluster,
      flow.reporter,
      flow.sourceNamespace,
      flow.sourceWorkload,
      flow.destinationNamespace,
      flow.destinationWorkload,
      flow.destinationService ?? '',
      flow.protocol,
      flow.security,
    ]);
    const existing = this.flowIndex.get(key);
    if (existing) {
      existing.rate += flow.rate;
      existing.errorRate += flow.errorRate;
      return;
    }
    this.flowIndex.set(key, flow);
    this.metrics(cluster).flows.push(flow);
  }

  setLatency(
    cluster: string,
    sample: LatencySample,
    quantile: string,
    ms: number | null,
  ) {
    const key = JSON.stringify([
      cluster,
      sample.reporter,
      sample.sourceNamespace ?? null,
      sample.sourceWorkload ?? null,
      sample.destinationNamespace,
      sample.destinationWorkload,
    ]);
    let existing = this.latencyIndex.get(key);
    if (!existing) {
      existing = sample;
      this.latencyIndex.set(key, existing);
      this.metrics(cluster).latencies.push(existing);
    }
    if (quantile === 'p50') existing.p50Ms = ms;
    if (quantile === 'p99') existing.p99Ms = ms;
  }

  addIdentity(cluster: string, sample: IdentitySample) {
    const key = JSON.stringify([
      cluster,
      sample.destinationNamespace,
      sample.destinationWorkload,
      sample.sourcePrincipal,
      sample.sourceNamespace,
      sample.sourceWorkload,
      sample.security,
    ]);
    const existing = this.identityIndex.get(key);
    if (existing) {
      existing.count += sample.count;
      return;
    }
    this.identityIndex.set(key, sample);
    this.metrics(cluster).identities.push(sample);
  }

  result(): Record<string, MeshMetrics> {
    const out: Record<string, MeshMetrics> = {};
    for (const [cluster, metrics] of this.byCluster) {
      // Latency rows whose window held no requests come back as NaN from histogram_quantile.
      metrics.latencies = metrics.latencies.filter(
        l => l.p50Ms !== null || l.p99Ms !== null,
      );
      out[cluster] = metrics;
    }
    return out;
  }
}

/**
 * Builds the metrics of every cluster from the query results. Always returns
 * at least the `*` entry (or one per cluster label value seen), so an empty
 * mesh is distinguishable from a failed read.
 */
export function meshMetricsFromVectors(
  vectors: Record<MeshQueryName, VectorSample[]>,
  options: MeshSampleOptions,
): Record<string, MeshMetrics> {
  const buckets = new ClusterBuckets(options);

  for (const { metric, value } of vectors.httpFlows) {
    if (!Number.isFinite(value) || value <= 0) continue;
    buckets.addFlow(buckets.clusterOf(metric), {
      ...edgeOf(metric),
      ...serviceOf(metric.destination_service),
      protocol: protocolOf(metric.request_protocol),
      security: security(metric.connection_security_policy),
      rate: value,
      errorRate: isServerError(metric.response_code) ? value : 0,
    });
  }
  for (const { metric, value } of vectors.tcpFlows) {
    if (!Number.isFinite(value) || value <= 0) continue;
    buckets.addFlow(buckets.clusterOf(metric), {
      ...edgeOf(metric),
      ...serviceOf(metric.destination_service),
      protocol: 'tcp',
      security: security(metric.connection_security_policy),
      rate: value,
      errorRate: 0,
    });
  }
  for (const { metric, value } of vectors.edgeLatency) {
    buckets.setLatency(
      buckets.clusterOf(metric),
      { ...edgeOf(metric), p50Ms: null, p99Ms: null },
      metric[QUANTILE_LABEL],
      Number.isFinite(value) ? value : null,
    );
  }
  for (const { metric, value } of vectors.workloadLatency) {
    buckets.setLatency(
      buckets.clusterOf(metric),
      {
        reporter: 'destination',
        destinationNamespace: label(metric, 'destination_workload_namespace'),
        destinationWorkload: label(metric, 'destination_workload'),
        p50Ms: null,
        p99Ms: null,
      },
      metric[QUANTILE_LABEL],
      Number.isFinite(value) ? value : null,
    );
  }
  for (const { metric, value } of [
    ...vectors.httpIdentities,
    ...vectors.tcpIdentities,
  ]) {
    if (!Number.isFinite(value) || value <= 0) continue;
    buckets.addIdentity(buckets.clusterOf(metric), {
      destinationNamespace: label(metric, 'destination_workload_namespace'),
      destinationWorkload: label(metric, 'destination_workload'),
      sourcePrincipal: label(metric, 'source_principal'),
      sourceNamespace: label(metric, 'source_workload_namespace'),
      sourceWorkload: label(metric, 'source_workload'),
      security: security(metric.connection_security_policy),
      count: value,
    });
  }

  const result = buckets.result();
  if (Object.keys(result).length === 0) {
    result[ALL_CLUSTERS] = buckets.metrics(ALL_CLUSTERS);
  }
  return result;
}

function edgeOf(metric: Record<string, string>) {
  return {
    reporter: reporterOf(metric.reporter),
    sourceNamespace: label(metric, 'source_workload_namespace'),
    sourceWorkload: label(metric, 'source_workload'),
    destinationNamespace: label(metric, 'destination_workload_namespace'),
    destinationWorkload: label(metric, 'destination_workload'),
  };
}
