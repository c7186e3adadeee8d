import type {
  ClientTlsOutcome,
  MtlsMode,
  RuleId,
  ServiceTls,
} from '@mesh-security/plugin-mesh-security-common';
import { TLS_MODE_LABEL } from './dataplane';
import {
  DestinationRuleIndex,
  sameRule,
  tlsFor,
  type DrSubset,
  type MergedDestinationRule,
  type TlsSetting,
} from './destinationRule';
import type { ServicePortRecord, ServiceRecord } from './inventory';
import { portMode, type PodPosture } from './posture';
import { matchesLabels } from './selectors';

/** A Service with the pods it selects. */
export interface SelectedService {
  record: ServiceRecord;
  key: string;
  host: string;
  pods: PodPosture[];
  workloads: string[];
}

/** A client-side TLS problem, collected over Services and client namespaces before it becomes a finding. */
export interface TlsProblem {
  rule: Extract<
    RuleId,
    | 'dr-tls-disable-to-strict'
    | 'dr-istio-mutual-to-non-mesh'
    | 'client-plaintext-to-strict'
    | 'dr-tls-disable-in-mesh'
  >;
  /** DestinationRule `ns/name`, or the server workload for client-plaintext-to-strict */
  subject: string;
  port: number;
  setting?: TlsSetting;
  /** the DestinationRule's host, or the Service's host for client-plaintext-to-strict */
  host: string;
  services: Set<string>;
  /** client namespaces that fail, `*` for all without a row of their own */
  clientNamespaces: Set<string>;
  serverWorkloads: Set<string>;
}

type ClientTls = ClientTlsOutcome['clientTls'];

/**
 * `clientNamespace` of the rows that hold for every namespace with sidecar
 * clients that has no row of its own (its DestinationRule lookup gives the
 * same rule as anyone's).
 */
export const ANY_OTHER_NAMESPACE = '*';
type Outcome = ClientTlsOutcome['outcome'];

interface EndpointState {
  pod: PodPosture;
  targetPort: number;
  mode: MtlsMode;
}

interface Judgement {
  outcome: Outcome;
  reason: string;
  problem?: TlsProblem['rule'];
}

const OUTCOME_RANK: Record<Outcome, number> = {
  mtls: 0,
  tls: 1,
  plaintext: 2,
  fails: 3,
};

/** Which target port a Service port reaches on one pod; undefined when a named port is not declared. */
export function resolveTargetPort(
  port: ServicePortRecord,
  pod: PodPosture,
): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return pod.pod.containerPorts.find(c => c.name === port.targetPort)?.port;
}

/** The conflict table of docs/semantics.md §2 for one client setting and one endpoint. */
export function judge(clientTls: ClientTls, e: EndpointState): Judgement {
  const { mode } = e;
  const dataplane = e.pod.dataplane;
  const where = `port ${e.targetPort} of ${e.pod.workloadKey}`;
  switch (clientTls) {
    case 'AUTO': {
      // Sidecars reach ambient pods over HBONE through ztunnel [inf].
      if (dataplane === 'ambient')
        return {
          outcome: 'mtls',
          reason: `auto mTLS: ${where} is ambient and reached over HBONE`,
        };
      const labelled =
        e.pod.pod.hasSidecar || e.pod.pod.labels[TLS_MODE_LABEL] === 'istio';
      if (labelled && mode !== 'DISABLE') {
        if (dataplane === 'sidecar')
          return {
            outcome: 'mtls',
            reason: `auto mTLS: ${where} has a sidecar that accepts Istio mTLS`,
          };
        return {
          outcome: 'fails',
          reason: `auto mTLS picks Istio mTLS because ${where} carries ${TLS_MODE_LABEL}=istio, but it has no proxy to terminate it`,
        };
      }
      return {
        outcome: 'plaintext',
        reason:
          dataplane === 'none'
            ? `auto mTLS sends plaintext: ${where} has no proxy`
            : `auto mTLS sends plaintext: ${where} has mTLS DISABLE`,
      };
    }
    case 'NONE':
      if (mode === 'STRICT') {
        return {
          outcome: 'fails',
          reason: `auto mTLS is off and no DestinationRule sets tls, so the client sends plaintext that STRICT ${where} rejects`,
          problem: 'client-plaintext-to-strict',
        };
      }
      return {
        outcome: 'plaintext',
        reason: `auto mTLS is off and no DestinationRule sets tls: the client sends plaintext to ${where}`,
      };
    case 'DISABLE':
      if (mode === 'STRICT') {
        return {
          outcome: 'fails',
          reason: `the DestinationRule disables TLS but ${where} is STRICT`,
          problem: 'dr-tls-disable-to-strict',
        };
      }
      if (mode === 'PERMISSIVE') {
        return {
          outcome: 'plaintext',
          reason: `the DestinationRule disables TLS, so traffic to PERMISSIVE ${where} is plaintext although the proxy could do mTLS`,
          problem: 'dr-tls-disable-in-mesh',
        };
      }
      return {
        outcome: 'plaintext',
        reason: `the DestinationRule disables TLS to ${where}`,
      };
    case 'SIMPLE':
      if (mode === 'STRICT') {
        return {
          outcome: 'fails',
          reason: `the DestinationRule uses one-way TLS (SIMPLE) but STRICT ${where} requires Istio mTLS`,
          problem: 'dr-tls-disable-to-strict',
        };
      }
      return {
        outcome: 'tls',
        reason: `one-way TLS (SIMPLE) to ${where}; the application must terminate TLS`,
      };
    case 'MUTUAL':
      return {
        outcome: 'tls',
        reason: `mutual TLS with user-supplied certificates to ${where}${
          mode === 'STRICT'
            ? '; a STRICT sidecar only accepts certificates issued by the mesh CA'
            : ''
        }`,
      };
    case 'ISTIO_MUTUAL':
      if (dataplane === 'ambient')
        return { outcome: 'mtls', reason: `Istio mTLS to ambient ${where}` };
      if (dataplane === 'none') {
        return {
          outcome: 'fails',
          reason: `the DestinationRule requires Istio mTLS but ${where} has no proxy`,
          problem: 'dr-istio-mutual-to-non-mesh',
        };
      }
      if (mode === 'DISABLE')
        return {
          outcome: 'fails',
          reason: `the DestinationRule requires Istio mTLS but ${where} has mTLS DISABLE`,
        };
      return {
        outcome: 'mtls',
        reason: `Istio mTLS (DestinationRule) to ${where}`,
      };
    default:
      return { outcome: 'plaintext', reason: 'unknown client TLS setting' };
  }
}

function sameEndpoint(a: PodPosture, b: PodPosture): boolean {
  return (
    a.workloadKey === b.workloadKey &&
    a.dataplane === b.dataplane &&
    a.composition === b.composition &&
    a.pod.hasSidecar === b.pod.hasSidecar &&
    a.pod.labels[TLS_MODE_LABEL] === b.pod.labels[TLS_MODE_LABEL] &&
    a.pod.containerPorts.length === b.pod.containerPorts.length &&
    a.pod.containerPorts.every(
      (c, i) =>
        c.port === b.pod.containerPorts[i].port &&
        c.name === b.pod.containerPorts[i].name,
    )
  );
}

interface RowTemplate {
  row: Omit<ClientTlsOutcome, 'clientNamespace'>;
  problems: TlsProblem[];
}

/**
 * Client TLS for every Service with a selector, per Service port and per
 * namespace holding sidecar clients (ambient clients use HBONE and ignore
 * DestinationRule tls). Namespaces that get the same DestinationRule as any
 * other share the `*` rows; rows are computed once per rule in effect.
 */
export function evaluateClientTls(args: {
  services: SelectedService[];
  clientNamespaces: string[];
  drIndex: DestinationRuleIndex;
  enableAutoMtls: boolean;
}): { services: ServiceTls[]; problems: TlsProblem[] } {
  const { services, clientNamespaces, drIndex, enableAutoMtls } = args;
  const problems = new Map<string, TlsProblem>();
  const noTls: ClientTls = enableAutoMtls ? 'AUTO' : 'NONE';

  const record = (
    rule: TlsProblem['rule'],
    subject: string,
    port: number,
    svc: SelectedService,
    server: string,
    setting?: TlsSetting,
    host = svc.host,
  ): TlsProblem => {
    const key = `${rule}\u0000${subject}\u0000${port}`;
    let p = problems.get(key);
    if (!p) {
      p = {
        rule,
        subject,
        port,
        setting,
        host,
        services: new Set(),
        clientNamespaces: new Set(),
        serverWorkloads: new Set(),
      };
      problems.set(key, p);
    }
    p.services.add(svc.key);
    p.serverWorkloads.add(server);
    return p;
  };

  const templatesFor = (
    svc: SelectedService,
    dr: MergedDestinationRule | null,
  ): RowTemplate[] => {
    const out: RowTemplate[] = [];
    const subsets: Array<(DrSubset & { from: string }) | null> = [
      null,
      ...(dr?.subsets ?? []),
    ];
    for (const subset of subsets) {
      const pods =
        subset && Object.keys(subset.labels).length > 0
          ? svc.pods.filter(p => matchesLabels(subset.labels, p.pod.labels))
          : svc.pods;
      if (pods.length === 0) continue; // a subset no endpoint matches carries no traffic
      for (const port of svc.record.ports) {
        const setting = dr ? tlsFor(dr, port.port, subset) : undefined;
        const clientTls: ClientTls = setting?.mode ?? noTls;
        let worst: { judgement: Judgement; state: EndpointState } | undefined;
        const rowProblems: TlsProblem[] = [];
        const seen = new Set<string>();
        let previous: PodPosture | undefined;
        for (const pod of pods) {
          // replicas of one pod template judge alike: skip them without building a key
          if (previous && sameEndpoint(previous, pod)) continue;
          previous = pod;
          const targetPort = resolveTargetPort(port, pod);
          if (targetPort === undefined) continue;
          const mode = portMode(pod, targetPort);
          const stateKey = `${pod.workloadKey}|${
            pod.dataplane
          }|${mode}|${targetPort}|${pod.pod.hasSidecar}|${
            pod.pod.labels[TLS_MODE_LABEL] ?? ''
          }`;
          if (seen.has(stateKey)) continue;
          seen.add(stateKey);
          const state = { pod, targetPort, mode };
          const judgement = judge(clientTls, state);
          if (
            !worst ||
            OUTCOME_RANK[judgement.outcome] >
              OUTCOME_RANK[worst.judgement.outcome]
          )
            worst = { judgement, state };
          if (judgement.problem) {
            const p =
              judgement.problem === 'client-plaintext-to-strict'
                ? record(
                    judgement.problem,
                    pod.workloadKey,
                    targetPort,
                    svc,
                    pod.workloadKey,
                  )
                : record(
                    judgement.problem,
                    setting!.rule,
                    port.port,
                    svc,
                    pod.workloadKey,
                    setting,
                    dr!.host,
                  );
            if (!rowProblems.includes(p)) rowProblems.push(p);
          }
        }
        if (!worst) continue; // no endpoint serves this port
        out.push({
          row: {
            port: port.port,
            destinationRule: setting?.rule ?? dr?.key ?? null,
            ...(subset ? { subset: subset.name } : {}),
            clientTls,
            serverMode: worst.state.mode,
            outcome: worst.judgement.outcome,
            reason: worst.judgement.reason,
          },
          problems: rowProblems,
        });
      }
    }
    return out;
  };

  const clientSet = new Set(clientNamespaces);
  const result: ServiceTls[] = [];
  for (const svc of services) {
    const clients: ClientTlsOutcome[] = [];
    if (svc.pods.length > 0 && clientNamespaces.length > 0) {
      const cache = new Map<MergedDestinationRule | null, RowTemplate[]>();
      const emit = (
        clientNamespace: string,
        dr: MergedDestinationRule | null,
      ) => {
        let templates = cache.get(dr);
        if (!templates) cache.set(dr, (templates = templatesFor(svc, dr)));
        for (const t of templates) {
          clients.push({ clientNamespace, ...t.row });
          for (const p of t.problems) p.clientNamespaces.add(clientNamespace);
        }
      };
      // Rows for the namespaces whose rule differs from what any other namespace gets,
      // then one `*` row set for all the others: linear in Services, not Services × namespaces.
      const exported = drIndex.exportedFor(svc.host, svc.record.namespace);
      const shared = drIndex.pickExported(exported, null);
      const own: Array<[string, MergedDestinationRule | null]> = [];
      for (const ns of drIndex.specialNamespaces(svc.host, exported)) {
        if (!clientSet.has(ns)) continue;
        const dr = drIndex.lookupWith(ns, svc.host, exported);
        if (!sameRule(dr, shared)) own.push([ns, dr]);
      }
      if (own.length < clientNamespaces.length)
        emit(ANY_OTHER_NAMESPACE, shared);
      for (const [ns, dr] of own.sort((a, b) => (a[0] < b[0] ? -1 : 1)))
        emit(ns, dr);
    }
    result.push({
      service: svc.key,
      host: svc.host,
      ports: svc.record.ports.map(p => ({
        port: p.port,
        targetPort: p.targetPort,
        ...(p.name !== undefined ? { name: p.name } : {}),
      })),
      workloads: svc.workloads,
      clients,
    });
  }
  return { services: result, problems: [...problems.values()] };
}
