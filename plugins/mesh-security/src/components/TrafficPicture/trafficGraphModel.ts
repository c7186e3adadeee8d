import type {
  TrafficFlow,
  WorkloadTraffic,
} from '@mesh-security/plugin-mesh-security-common';
import { formatRate } from '../../format';
import { flowSecurityText, rateUnit } from './flowSecurity';

/** Beyond this many edges a layered graph stops being readable. */
export const DEFAULT_GRAPH_EDGE_LIMIT = 20;

export interface TrafficNode {
  id: string;
  /** `namespace/workload` shown in the node */
  title: string;
  role: 'self' | 'caller' | 'destination';
}

export interface TrafficEdge {
  from: string;
  to: string;
  /** read by DependencyGraph to decide that a label is drawn */
  label: string;
  flow: TrafficFlow;
}

export interface TrafficGraphModel {
  nodes: TrafficNode[];
  edges: TrafficEdge[];
  /** all edges of the workload, before the limit */
  total: number;
}

const SELF = 'self';

/**
 * Callers on the left, destinations on the right of the workload, keeping
 * only the `limit` busiest edges. A peer that is both caller and destination
 * gets one node per side so the layout stays acyclic.
 */
export function trafficGraphModel(
  workload: string,
  traffic: WorkloadTraffic,
  limit: number = DEFAULT_GRAPH_EDGE_LIMIT,
): TrafficGraphModel {
  const all = [...traffic.inbound, ...traffic.outbound];
  const kept = [...all].sort((a, b) => b.rate - a.rate).slice(0, limit);
  const nodes = new Map<string, TrafficNode>([
    [SELF, { id: SELF, title: workload, role: 'self' }],
  ]);
  const edges: TrafficEdge[] = kept.map(flow => {
    const inbound = flow.direction === 'inbound';
    const id = `${inbound ? 'caller' : 'destination'}:${flow.peer}`;
    if (!nodes.has(id)) {
      nodes.set(id, {
        id,
        title: flow.peer,
        role: inbound ? 'caller' : 'destination',
      });
    }
    return {
      from: inbound ? id : SELF,
      to: inbound ? SELF : id,
      label: `${formatRate(flow.rate, rateUnit(flow))} · ${flowSecurityText(
        flow,
      )}`,
      flow,
    };
  });
  return { nodes: [...nodes.values()], edges, total: all.length };
}

/** Layout constants shared by the graph and its height estimate. */
export const GRAPH_NODE_HEIGHT = 32;
export const GRAPH_NODE_MARGIN = 12;
const GRAPH_PADDING = 8;
/** DependencyGraph's own minimum: a smaller box would only be scaled up. */
export const MIN_GRAPH_HEIGHT = 100;
/** Taller graphs are scaled down to fit; click to zoom. */
export const MAX_GRAPH_HEIGHT = 640;

/**
 * The height that holds the graph without empty bands: callers and
 * destinations stack in their columns, so the taller column decides.
 */
export function trafficGraphHeight(model: TrafficGraphModel): number {
  let callers = 0;
  let destinations = 0;
  for (const node of model.nodes) {
    if (node.role === 'caller') callers++;
    else if (node.role === 'destination') destinations++;
  }
  const rows = Math.max(callers, destinations, 1);
  const height =
    rows * GRAPH_NODE_HEIGHT +
    (rows - 1) * GRAPH_NODE_MARGIN +
    2 * GRAPH_PADDING;
  return Math.min(MAX_GRAPH_HEIGHT, Math.max(MIN_GRAPH_HEIGHT, height));
}
