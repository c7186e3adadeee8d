import type {
  AuthzRuleSummary,
  ClientTlsOutcome,
  FlowChange,
  MeshMetrics,
  MeshReport,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { callerVerdict } from '../engine/traffic/callerDecision';
import { workloadKey } from '../engine/traffic/edges';
import { formatRate } from '../engine/traffic/format';
import {
  observedCallers,
  type CallerObservation,
} from '../engine/traffic/observedCallers';
import { localTrustDomains } from '../engine/traffic/principals';
import { describeRef, type ChangeSet, type ObjectRef } from './changeSet';

/** An observed caller → callee pair over every protocol. */
interface Edge {
  source: string;
  destination: string;
  rate: number;
  /** seen as `connection_security_policy="none"` by the callee's proxy */
  plaintextObserved: number;
  /** reported by the caller only: the callee had no proxy */
  callerReportedOnly: number;
}

/** Destination-reported figures win; the caller's stand in where the callee has no proxy. */
function observedEdges(metrics: MeshMetrics): Map<string, Edge[]> {
  const groups = new Map<string, { dst: Edge; src: Edge; hasDst: boolean }>();
  for (const f of metrics.flows) {
    const source = workloadKey(f.sourceNamespace, f.sourceWorkload);
    const destination = workloadKey(
      f.destinationNamespace,
      f.destinationWorkload,
    );
    const id = `${source}\u0000${destination}`;
    let g = groups.get(id);
    if (!g) {
      const empty = (): Edge => ({
        source,
        destination,
        rate: 0,
        plaintextObserved: 0,
        callerReportedOnly: 0,
      });
      groups.set(id, (g = { dst: empty(), src: empty(), hasDst: false }));
    }
    if (f.reporter === 'destination') {
      g.hasDst = true;
      g.dst.rate += f.rate;
      if (f.security === 'none') g.dst.plaintextObserved += f.rate;
    } else {
      g.src.rate += f.rate;
      g.src.callerReportedOnly += f.rate;
    }
  }
  const byDestination = new Map<string, Edge[]>();
  for (const g of groups.values()) {
    const edge = g.hasDst ? g.dst : g.src;
    const list = byDestination.get(edge.destination);
    if (list) list.push(edge);
    else byDestination.set(edge.destination, [edge]);
  }
  return byDestination;
}

interface Attribution {
  changed: ObjectRef[];
  root: string;
}

/** The changed objects of the given kinds in the given namespaces (all changes when none fits). */
function changedBy(
  a: Attribution,
  kinds: string[],
  namespaces: string[],
): string[] {
  const fits = a.changed.filter(
    r =>
      kinds.includes(r.kind) &&
      (r.kind === 'Namespace'
        ? namespaces.includes(r.name)
        : r.namespace === a.root ||
          namespaces.includes(r.namespace ?? 'default')),
  );
  return (fits.length > 0 ? fits : a.changed).map(describeRef);
}

const breaksFirst = (f: FlowChange) => (f.outcome === 'breaks' ? 0 : 1);
const nsOf = (key: string) => key.slice(0, key.indexOf('/'));
const enforced = (rules: AuthzRuleSummary[]) => rules.filter(r => !r.dryRun);
const ruleSet = (w: WorkloadPosture | undefined) =>
  w?.inMesh
    ? {
        allow: enforced(w.authorization.allow),
        deny: enforced(w.authorization.deny),
      }
    : { allow: [], deny: [] }; // nothing enforces a policy without a proxy

function callerName(c: CallerObservation): string {
  return c.principal ? c.principal.text : 'no identity (plaintext)';
}

/**
 * Every observed flow whose outcome differs between two reports of the same
 * cluster: plaintext callers a new STRICT rejects, callers AuthorizationPolicy
 * changes deny or newly allow, clients whose DestinationRule starts (or stops)
 * failing against the server. Linear in flows and Services.
 */
export function flowChanges(
  before: MeshReport,
  after: MeshReport,
  metrics: MeshMetrics,
  change: ChangeSet,
  /** workloads whose mode, dataplane or stance differ (the simulation's diff) */
  changedWorkloads: ReadonlySet<string>,
): FlowChange[] {
  const attribution: Attribution = {
    changed: [
      ...change.apply.map(o => ({
        kind: String(o.kind),
        namespace: ((o.metadata as any)?.namespace as string) || 'default',
        name: String((o.metadata as any)?.name),
      })),
      ...change.delete,
    ],
    root: after.assumptions.rootNamespace,
  };
  const out: FlowChange[] = [];
  const edges = observedEdges(metrics);

  // 1. STRICT rejects plaintext callers that will still send plaintext.
  for (const [destination, list] of edges) {
    const was = before.workloads[destination];
    const now = after.workloads[destination];
    if (!now || now.mtlsMode !== 'STRICT' || was?.mtlsMode === 'STRICT')
      continue;
    for (const e of list) {
      const callerMeshed = after.workloads[e.source]?.inMesh === true;
      // a meshed caller upgrades to mTLS by itself (auto mTLS) once the callee has a proxy
      const rate =
        e.plaintextObserved + (callerMeshed ? 0 : e.callerReportedOnly);
      if (rate <= 0) continue;
      out.push({
        source: e.source,
        destination,
        rate,
        outcome: 'breaks',
        cause: 'strict-rejects-plaintext',
        reason: `${destination} would accept only mTLS, but ${
          e.source
        } sends it plaintext (${formatRate(
          rate,
        )}/s observed): those calls would be rejected.`,
        changedBy: changedBy(
          attribution,
          ['PeerAuthentication', 'Namespace'],
          [nsOf(destination)],
        ),
      });
    }
  }

  // 2. Authorization: the same observed callers judged by the policies before and after.
  const domainsBefore = localTrustDomains(before.assumptions);
  const domainsAfter = localTrustDomains(after.assumptions);
  // only AuthorizationPolicy changes (in the callee's namespace or the root) and
  // workloads whose proxy or stance changed can alter an authorization verdict
  const authzNamespaces = new Set(
    attribution.changed
      .filter(r => r.kind === 'AuthorizationPolicy')
      .map(r => r.namespace ?? 'default'),
  );
  const meshWide = authzNamespaces.has(attribution.root);
  for (const [destination, callers] of observedCallers(metrics)) {
    if (
      !meshWide &&
      !authzNamespaces.has(nsOf(destination)) &&
      !changedWorkloads.has(destination)
    )
      continue;
    const was = ruleSet(before.workloads[destination]);
    const now = ruleSet(after.workloads[destination]);
    if (sameRules(was, now)) continue;
    for (const c of callers) {
      const deniedBefore = callerVerdict(was, c, domainsBefore).denied;
      const deniedAfter = callerVerdict(now, c, domainsAfter).denied;
      if (deniedBefore === deniedAfter) continue;
      out.push({
        source: c.workload,
        destination,
        principal: c.principalText,
        rate: c.rate,
        outcome: deniedAfter ? 'breaks' : 'restored',
        cause: deniedAfter ? 'authz-denies' : 'authz-allows',
        reason: deniedAfter
          ? `${destination}'s AuthorizationPolicies would deny ${
              c.workload
            } (${callerName(c)}, ${formatRate(c.rate)}/s observed).`
          : `${destination}'s AuthorizationPolicies would allow ${
              c.workload
            } (${callerName(c)}, ${formatRate(
              c.rate,
            )}/s observed), which they deny now.`,
        changedBy: changedBy(
          attribution,
          ['AuthorizationPolicy'],
          [nsOf(destination)],
        ),
      });
    }
  }

  // 3. Client TLS: a DestinationRule (or a server mode) that starts or stops failing.
  const beforeServices = new Map(before.services.map(s => [s.service, s]));
  for (const svc of after.services) {
    const old = beforeServices.get(svc.service);
    for (const port of svc.ports) {
      const changedNamespaces = new Set<string>();
      for (const workload of svc.workloads) {
        for (const e of edges.get(workload) ?? []) {
          const ns = nsOf(e.source);
          const now = outcomeFor(svc.clients, ns, port.port);
          const was = old ? outcomeFor(old.clients, ns, port.port) : undefined;
          const failsNow = now?.outcome === 'fails';
          const failedBefore = was?.outcome === 'fails';
          if (failsNow === failedBefore) continue;
          changedNamespaces.add(ns);
          out.push({
            source: e.source,
            destination: workload,
            rate: e.rate,
            outcome: failsNow ? 'breaks' : 'restored',
            cause: failsNow ? 'client-tls-fails' : 'client-tls-works',
            port: port.port,
            reason: failsNow
              ? `${e.source} → ${svc.service}:${port.port} would fail: ${
                  now!.reason
                }`
              : `${e.source} → ${svc.service}:${port.port} would work again: ${
                  now?.reason ?? 'no DestinationRule forces a failing mode'
                }`,
            changedBy: changedBy(
              attribution,
              ['DestinationRule', 'PeerAuthentication'],
              [ns, nsOf(workload)],
            ),
          });
        }
      }
    }
  }

  return out.sort(
    (a, b) =>
      breaksFirst(a) - breaksFirst(b) ||
      b.rate - a.rate ||
      a.destination.localeCompare(b.destination) ||
      a.source.localeCompare(b.source),
  );
}

/** The outcome for clients of one namespace on one Service port: their own row, else the `*` row. */
function outcomeFor(
  clients: ClientTlsOutcome[],
  namespace: string,
  port: number,
): ClientTlsOutcome | undefined {
  let fallback: ClientTlsOutcome | undefined;
  for (const c of clients) {
    if (c.port !== port || c.subset !== undefined) continue;
    if (c.clientNamespace === namespace) return c;
    if (c.clientNamespace === '*') fallback = c;
  }
  return fallback;
}

function sameRules(
  a: { allow: AuthzRuleSummary[]; deny: AuthzRuleSummary[] },
  b: { allow: AuthzRuleSummary[]; deny: AuthzRuleSummary[] },
): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
