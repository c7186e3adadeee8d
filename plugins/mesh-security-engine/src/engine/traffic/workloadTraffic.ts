import type {
  HealthThresholds,
  LatencySample,
  MeshMetrics,
  MeshReport,
  MeshTraffic,
  TrafficFlow,
  WorkloadTraffic,
} from '@mesh-security/plugin-mesh-security-common';
import { MergedEdge, sum } from './edges';
import { errorShareOf, healthOf } from './health';

const isRequest = (f: { protocol: string }) => f.protocol !== 'tcp';

function toFlow(
  edge: MergedEdge,
  direction: 'inbound' | 'outbound',
  thresholds: HealthThresholds,
): TrafficFlow {
  const errorShare = errorShareOf(edge.errorRate, edge.rate);
  return {
    direction,
    peer: direction === 'inbound' ? edge.source : edge.destination,
    protocol: edge.protocol,
    rate: edge.rate,
    errorShare,
    p50Ms: edge.p50Ms,
    p99Ms: edge.p99Ms,
    mtlsShare: edge.mtlsShare,
    plaintext: edge.plaintextRate > 0,
    health: healthOf(errorShare, thresholds),
    reporter: edge.reporter,
  };
}

const byRateThenPeer = (a: TrafficFlow, b: TrafficFlow) =>
  b.rate - a.rate ||
  a.peer.localeCompare(b.peer) ||
  a.protocol.localeCompare(b.protocol);

/**
 * mTLS share weighted by rate over flows whose security is known: a label from the
 * destination proxy, or plaintext inferred from a callee without proxy. Requests
 * and TCP connections are different units, so TCP counts only where no requests flowed.
 */
export function mtlsShareOf(flows: TrafficFlow[]): number | null {
  const requests = flows.filter(isRequest);
  const counted =
    sum(requests, f => f.rate) > 0
      ? requests
      : flows.filter(f => !isRequest(f));
  let known = 0;
  let mtls = 0;
  for (const f of counted) {
    if (f.mtlsShare !== null) {
      known += f.rate;
      mtls += f.rate * f.mtlsShare;
    } else if (f.plaintext) {
      known += f.rate;
    }
  }
  return known > 0 ? mtls / known : null;
}

export function workloadTraffic(
  inboundEdges: readonly MergedEdge[],
  outboundEdges: readonly MergedEdge[],
  latency: LatencySample | undefined,
  thresholds: HealthThresholds,
): WorkloadTraffic {
  const inbound = inboundEdges
    .map(e => toFlow(e, 'inbound', thresholds))
    .sort(byRateThenPeer);
  const outbound = outboundEdges
    .map(e => toFlow(e, 'outbound', thresholds))
    .sort(byRateThenPeer);

  const requests = inbound.filter(isRequest);
  const rps = sum(requests, f => f.rate);
  const errorShare = errorShareOf(
    sum(requests, f => f.rate * f.errorShare),
    rps,
  );
  // Quantiles cannot be combined across edges: use the workload-level histogram,
  // or the single edge's when there is only one.
  const single = inbound.length === 1 ? inbound[0] : undefined;
  return {
    rps,
    errorShare,
    p50Ms: latency ? latency.p50Ms : single?.p50Ms ?? null,
    p99Ms: latency ? latency.p99Ms : single?.p99Ms ?? null,
    mtlsShare: mtlsShareOf(inbound),
    health: healthOf(errorShare, thresholds),
    inbound,
    outbound,
  };
}

export function meshTraffic(
  metrics: MeshMetrics,
  report: MeshReport,
  workloads: Record<string, WorkloadTraffic>,
  edges: MergedEdge[],
): MeshTraffic {
  const inbound = Object.values(workloads).flatMap(w => w.inbound);
  const plaintextEdges = new Set(
    edges
      .filter(e => e.plaintextRate > 0)
      .map(e => `${e.source}\u0000${e.destination}`),
  );
  return {
    window: metrics.window,
    longWindow: metrics.longWindow,
    collectedAt: metrics.collectedAt,
    totalRps: sum(Object.keys(report.workloads), k => workloads[k]?.rps ?? 0),
    mtlsShare: mtlsShareOf(inbound),
    plaintextFlows: plaintextEdges.size,
  };
}
