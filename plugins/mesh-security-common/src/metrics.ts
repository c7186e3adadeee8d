/**
 * Istio standard metrics, reduced to what the engine needs. The Prometheus
 * adapter and the metrics snapshot file both produce exactly this shape, so
 * the demo's snapshot and a live Prometheus go through the same engine code.
 * See docs/semantics.md §5 for why each reporter is read where it is.
 */

/** @public */
export type ConnectionSecurity = 'mutual_tls' | 'none' | 'unknown';

/** @public */
export type TrafficProtocol = 'http' | 'grpc' | 'tcp';

/**
 * Rate of one edge over the short window, as one reporter saw it.
 * `istio_requests_total` for http/grpc (rps), `istio_tcp_connections_opened_total` for tcp (connections/s).
 * @public
 */
export interface FlowSample {
  reporter: 'source' | 'destination';
  /** `unknown` when the caller sent no peer metadata (no sidecar, outside the mesh) */
  sourceNamespace: string;
  sourceWorkload: string;
  destinationNamespace: string;
  destinationWorkload: string;
  /** destination_service FQDN, when known */
  destinationService?: string;
  protocol: TrafficProtocol;
  /** connection_security_policy label; only the destination reporter computes it */
  security: ConnectionSecurity;
  /** per second over the window */
  rate: number;
  /** 5xx responses per second (0 for tcp) */
  errorRate: number;
}

/** Latency quantiles of one edge (source + destination) or, with source omitted, of a destination workload. @public */
export interface LatencySample {
  reporter: 'source' | 'destination';
  sourceNamespace?: string;
  sourceWorkload?: string;
  destinationNamespace: string;
  destinationWorkload: string;
  p50Ms: number | null;
  p99Ms: number | null;
}

/**
 * Inbound requests (or TCP connections) over the long window per caller identity,
 * destination-reported: feeds `strict-ready` and `authz-unused-grant`.
 * @public
 */
export interface IdentitySample {
  destinationNamespace: string;
  destinationWorkload: string;
  /** `spiffe://…` or `unknown` (plaintext) */
  sourcePrincipal: string;
  sourceNamespace: string;
  sourceWorkload: string;
  security: ConnectionSecurity;
  /** count over the long window */
  count: number;
}

/** @public */
export interface MeshMetrics {
  /** when the samples were read (ISO) */
  collectedAt: string;
  /** short rate window, e.g. `5m` */
  window: string;
  /** long window for strict-ready and unused grants, e.g. `24h` */
  longWindow: string;
  flows: FlowSample[];
  latencies: LatencySample[];
  identities: IdentitySample[];
}

/** @public */
export type Health = 'OK' | 'WARN' | 'CRIT';

/** Error-rate thresholds (fractions); defaults from the demo mesh: OK below 1 %, WARN below 5 %, CRIT above. @public */
export interface HealthThresholds {
  warn: number;
  crit: number;
}

/** @public */
export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  warn: 0.01,
  crit: 0.05,
};

/** One peer of a workload, merged over reporters (destination preferred, source where no destination side exists). @public */
export interface TrafficFlow {
  direction: 'inbound' | 'outbound';
  /** `namespace/workload` of the other side; `unknown/unknown` for callers without metadata */
  peer: string;
  protocol: TrafficProtocol;
  /** requests/s (http, grpc) or connections/s (tcp) */
  rate: number;
  /** 0..1 */
  errorShare: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** 0..1 of the rate that was mutual_tls; null when no reporter could tell */
  mtlsShare: number | null;
  /** true when the flow is known to be plaintext (security none, or a destination without proxy) */
  plaintext: boolean;
  health: Health;
  /** which reporter the figures come from */
  reporter: 'source' | 'destination';
}

/** @public */
export interface WorkloadTraffic {
  /** inbound requests/s */
  rps: number;
  /** 0..1 */
  errorShare: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** 0..1 of inbound that was mTLS; null when unknown (no inbound traffic) */
  mtlsShare: number | null;
  health: Health;
  inbound: TrafficFlow[];
  outbound: TrafficFlow[];
}

/** @public */
export interface MeshTraffic {
  window: string;
  longWindow: string;
  collectedAt: string;
  /** inbound requests/s over all workloads */
  totalRps: number;
  /** 0..1 share of inbound requests that was mTLS, over all workloads with known security */
  mtlsShare: number | null;
  /** distinct plaintext edges */
  plaintextFlows: number;
}
