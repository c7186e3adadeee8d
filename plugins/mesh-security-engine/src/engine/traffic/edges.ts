import type {
  FlowSample,
  LatencySample,
  MeshReport,
  TrafficProtocol,
} from '@mesh-security/plugin-mesh-security-common';

/** One caller → callee edge for one protocol, merged over reporters. */
export interface MergedEdge {
  /** `namespace/workload` */
  source: string;
  destination: string;
  protocol: TrafficProtocol;
  /** the reporter the figures come from: the destination's when it has samples */
  reporter: 'source' | 'destination';
  rate: number;
  errorRate: number;
  /** 0..1, null when no sample carried a known connection_security_policy */
  mtlsShare: number | null;
  /** part of `rate` known to be plaintext */
  plaintextRate: number;
  /** true when plaintext is inferred from the callee having no proxy, not from a label */
  plaintextFromTopology: boolean;
  p50Ms: number | null;
  p99Ms: number | null;
}

export const workloadKey = (namespace: string, workload: string) =>
  `${namespace}/${workload}`;

/**
 * Only the inbound (destination) proxy knows connection_security_policy, so its
 * samples win; the caller's proxy is the only witness of calls to a callee without
 * a sidecar, so its samples fill in where the destination side is silent.
 */
export function mergeEdges(
  flows: FlowSample[],
  latencies: LatencySample[],
  report: MeshReport,
): MergedEdge[] {
  const groups = new Map<
    string,
    {
      source: string;
      destination: string;
      protocol: TrafficProtocol;
      bySource: FlowSample[];
      byDestination: FlowSample[];
    }
  >();
  for (const f of flows) {
    const source = workloadKey(f.sourceNamespace, f.sourceWorkload);
    const destination = workloadKey(
      f.destinationNamespace,
      f.destinationWorkload,
    );
    const id = `${source}\u0000${destination}\u0000${f.protocol}`;
    let g = groups.get(id);
    if (!g) {
      g = {
        source,
        destination,
        protocol: f.protocol,
        bySource: [],
        byDestination: [],
      };
      groups.set(id, g);
    }
    (f.reporter === 'destination' ? g.byDestination : g.bySource).push(f);
  }

  // latencies per edge, indexed once: a scan per edge is quadratic on a large mesh
  const edgeLatencies = new Map<string, LatencySample[]>();
  for (const l of latencies) {
    if (l.sourceNamespace === undefined || l.sourceWorkload === undefined)
      continue;
    const id = `${workloadKey(
      l.sourceNamespace,
      l.sourceWorkload,
    )}\u0000${workloadKey(l.destinationNamespace, l.destinationWorkload)}`;
    const list = edgeLatencies.get(id);
    if (list) list.push(l);
    else edgeLatencies.set(id, [l]);
  }
  const edges: MergedEdge[] = [];
  for (const g of groups.values()) {
    const reporter = g.byDestination.length > 0 ? 'destination' : 'source';
    const samples = reporter === 'destination' ? g.byDestination : g.bySource;
    const rate = sum(samples, s => s.rate);
    const mtls = sum(
      samples.filter(s => s.security === 'mutual_tls'),
      s => s.rate,
    );
    const none = sum(
      samples.filter(s => s.security === 'none'),
      s => s.rate,
    );
    const callee = report.workloads[g.destination];
    // A callee without a proxy cannot terminate mTLS: whatever reaches it is plaintext.
    const plaintextFromTopology =
      reporter === 'source' && callee?.dataplane === 'none' && rate > 0;
    const ofEdge = edgeLatencies.get(`${g.source}\u0000${g.destination}`) ?? [];
    const latency = ofEdge.find(l => l.reporter === reporter) ?? ofEdge[0];
    edges.push({
      source: g.source,
      destination: g.destination,
      protocol: g.protocol,
      reporter,
      rate,
      errorRate: sum(samples, s => s.errorRate),
      mtlsShare: mtls + none > 0 ? mtls / (mtls + none) : null,
      plaintextRate: plaintextFromTopology ? rate : none,
      plaintextFromTopology,
      p50Ms: latency?.p50Ms ?? null,
      p99Ms: latency?.p99Ms ?? null,
    });
  }
  return edges.sort(
    (a, b) =>
      a.destination.localeCompare(b.destination) ||
      a.source.localeCompare(b.source) ||
      a.protocol.localeCompare(b.protocol),
  );
}

/** Workload-level latency (source omitted) per destination, destination-measured when available. */
export function workloadLatencies(
  latencies: LatencySample[],
): Map<string, LatencySample> {
  const out = new Map<string, LatencySample>();
  for (const l of latencies) {
    if (l.sourceWorkload !== undefined) continue;
    const key = workloadKey(l.destinationNamespace, l.destinationWorkload);
    const current = out.get(key);
    if (
      !current ||
      (current.reporter !== 'destination' && l.reporter === 'destination')
    )
      out.set(key, l);
  }
  return out;
}

/** Items grouped by a key, in their order. */
export function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

export function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
