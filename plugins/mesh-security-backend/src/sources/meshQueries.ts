/**
 * The fixed set of aggregate instant queries that yields {@link MeshMetrics}
 * (docs/semantics.md §5). The set does not depend on how many workloads or
 * entities exist: one read is always {@link MESH_QUERY_NAMES}.length queries.
 */
import {
  LabelMatcher,
  PromQL,
  eq,
  histogramQuantile,
  increase,
  matches,
  or,
  positive,
  rate,
  selector,
  sumBy,
  withConstantLabel,
} from './promql';

/** Names of the queries of one read, in the order they are sent. */
export const MESH_QUERY_NAMES = [
  'httpFlows',
  'tcpFlows',
  'edgeLatency',
  'workloadLatency',
  'httpIdentities',
  'tcpIdentities',
] as const;

/** @public */
export type MeshQueryName = (typeof MESH_QUERY_NAMES)[number];

/** Label added to the latency queries to tell p50 from p99 rows apart. */
export const QUANTILE_LABEL = 'ms_quantile';

const EDGE = [
  'source_workload_namespace',
  'source_workload',
  'destination_workload_namespace',
  'destination_workload',
] as const;
const DESTINATION = [
  'destination_workload_namespace',
  'destination_workload',
] as const;

export interface MeshQueryOptions {
  rateWindow: string;
  longWindow: string;
  /** extra matchers added to every selector, e.g. `mesh_id="prod"` */
  extraMatchers: LabelMatcher[];
  /** labels added to every `by` clause to split results per cluster (empty: one mesh) */
  groupLabels: string[];
}

/** Builds the PromQL of every query of one read. */
export function buildMeshQueries(
  options: MeshQueryOptions,
): Record<MeshQueryName, PromQL> {
  const { rateWindow, longWindow, extraMatchers, groupLabels } = options;
  // FlowSample only knows these two; waypoint-reported series would double count.
  const bothReporters = [
    matches('reporter', 'source|destination'),
    ...extraMatchers,
  ];
  // connection_security_policy and identities are only meaningful inbound.
  const destinationReporter = [eq('reporter', 'destination'), ...extraMatchers];
  const by = (...labels: string[]) => [...groupLabels, ...labels];

  const requests = (m: LabelMatcher[]) => selector('istio_requests_total', m);
  const tcpOpened = (m: LabelMatcher[]) =>
    selector('istio_tcp_connections_opened_total', m);
  const buckets = (m: LabelMatcher[]) =>
    selector('istio_request_duration_milliseconds_bucket', m);

  const quantiles = (labels: string[], m: LabelMatcher[]) => {
    const perBucket = sumBy(by('le', ...labels), rate(buckets(m), rateWindow));
    return or(
      withConstantLabel(
        histogramQuantile(0.5, perBucket),
        QUANTILE_LABEL,
        'p50',
      ),
      withConstantLabel(
        histogramQuantile(0.99, perBucket),
        QUANTILE_LABEL,
        'p99',
      ),
    );
  };
  const identityLabels = by(
    ...DESTINATION,
    'source_principal',
    'source_workload_namespace',
    'source_workload',
    'connection_security_policy',
  );

  return {
    httpFlows: positive(
      sumBy(
        by(
          'reporter',
          ...EDGE,
          'destination_service',
          'request_protocol',
          'connection_security_policy',
          'response_code',
        ),
        rate(requests(bothReporters), rateWindow),
      ),
    ),
    tcpFlows: positive(
      sumBy(
        by(
          'reporter',
          ...EDGE,
          'destination_service',
          'connection_security_policy',
        ),
        rate(tcpOpened(bothReporters), rateWindow),
      ),
    ),
    edgeLatency: quantiles(['reporter', ...EDGE], bothReporters),
    workloadLatency: quantiles([...DESTINATION], destinationReporter),
    httpIdentities: positive(
      sumBy(
        identityLabels,
        increase(requests(destinationReporter), longWindow),
      ),
    ),
    tcpIdentities: positive(
      sumBy(
        identityLabels,
        increase(tcpOpened(destinationReporter), longWindow),
      ),
    ),
  };
}
