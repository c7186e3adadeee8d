import {
  DEFAULT_HEALTH_THRESHOLDS,
  type Finding,
  type MeshReport,
  type ServiceTls,
  type WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import {
  AuthorizationIndex,
  readAuthorizationPolicy,
  workloadAuthorization,
  type AuthzPolicyRecord,
} from './authorization';
import {
  evaluateClientTls,
  resolveTargetPort,
  type SelectedService,
} from './clientTls';
import type { EngineContext, WorkloadModel } from './context';
import { computeCoverage, coverageExclusion } from './coverage';
import {
  INJECTION_IGNORED_NAMESPACES,
  namespaceMesh,
  type NamespaceMesh,
} from './dataplane';
import {
  DestinationRuleIndex,
  readDestinationRule,
  serviceHost,
  type DestinationRuleRecord,
} from './destinationRule';
import { authorizationFindings } from './findings/authorization';
import { clientTlsFindings } from './findings/clientTls';
import { injectionFindings } from './findings/injection';
import { peerAuthenticationFindings } from './findings/peerAuthentication';
import { rootCertFindings } from './findings/rootCert';
import { FindingSink, sortFindings } from './findings/sink';
import { declaredPods } from './declaredWorkloads';
import { buildInventory, type PodRecord } from './inventory';
import { DEFAULT_CONTROL_PLANE_NAMESPACE, readMeshConfig } from './meshConfig';
import { workloadOf } from './ownerChain';
import { PeerAuthIndex, readPeerAuthentication } from './peerAuthentication';
import {
  portExceptions,
  podPosture,
  weakest,
  type PodPosture,
} from './posture';
import { isHttpServicePort } from './protocol';
import { workloadSelector } from './remediation';
import { readRootCerts, type RootCertCopy } from './rootCert';
import { outboundGrants } from './outboundGrants';
import { LabelIndex } from './selectors';
import { parseMeshMetrics } from '../metrics';
import { applySuppressions } from '../suppressions';
import { evaluateTraffic } from './traffic';
import { localTrustDomains } from './traffic/principals';
import type { EngineInput } from './types';
import { byText as byString } from './values';

const DEFAULT_STRICT_READY_MIN_REQUESTS = 100;

function distinct<T>(values: T[]): T[] {
  return values.length <= 1 ? values : [...new Set(values)];
}

function validate(input: EngineInput): void {
  if (!input || !Array.isArray(input.objects))
    throw new TypeError(
      'evaluateMesh: input.objects must be an array of Kubernetes objects',
    );
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new TypeError('evaluateMesh: input.now must be a valid Date');
  }
  // Metrics may come from any adapter; a malformed sample must stop the
  // evaluation (before the cluster work) rather than skew shares silently.
  if (input.metrics !== undefined) parseMeshMetrics(input.metrics);
}

/**
 * The posture engine: cluster objects (and optional metrics) in, the mesh
 * report out. Pure: no I/O, no clock; `input.now` is the evaluation time.
 * Semantics: docs/semantics.md; finding ids and severities: docs/rules.md.
 * @public
 */
export function evaluateMesh(input: EngineInput): MeshReport {
  validate(input);
  const options = input.options ?? {};
  const controlPlaneNamespace =
    options.controlPlaneNamespace || DEFAULT_CONTROL_PLANE_NAMESPACE;
  const inventory = buildInventory(input.objects);
  const warnings = [...inventory.warnings];
  const assumptions = readMeshConfig(
    inventory,
    controlPlaneNamespace,
    warnings,
  );
  const root = assumptions.rootNamespace;
  const isSystemNamespace = (ns: string) =>
    ns === controlPlaneNamespace || ns === root;

  const nsCache = new Map<string, NamespaceMesh>();
  const nsMesh = (ns: string): NamespaceMesh => {
    let m = nsCache.get(ns);
    if (!m)
      nsCache.set(
        ns,
        (m = namespaceMesh(inventory.namespaceLabels.get(ns) ?? {})),
      );
    return m;
  };

  // Pods by namespace and label, and grouped by the workload each belongs to,
  // so that pods with the same labels follow each other (see PeerAuthIndex.compose).
  // No per-pod identity is kept: the representative's is recomputed below.
  const podsByNamespace = new Map<string, LabelIndex<PodRecord>>();
  const grouped = new Map<string, PodRecord[]>();
  const addPod = (pod: PodRecord) => {
    const key = `${pod.namespace}/${
      workloadOf(pod, inventory.controllers).name
    }`;
    const list = grouped.get(key);
    if (list) list.push(pod);
    else grouped.set(key, [pod]);
    let index = podsByNamespace.get(pod.namespace);
    if (!index) podsByNamespace.set(pod.namespace, (index = new LabelIndex()));
    index.add(pod);
  };
  inventory.pods.forEach(addPod);
  // Controllers without Pods in the input are workloads by their templates.
  declaredPods(inventory, key => grouped.has(key), nsMesh).forEach(addPod);

  // Services select pods; their target ports count as served.
  const serviceSelections = inventory.services.map(record => {
    const key = `${record.namespace}/${record.name}`;
    const pods =
      podsByNamespace.get(record.namespace)?.select(record.selector) ?? [];
    for (const pod of pods) {
      // grown by concat, which copies to the exact length: a pod has few, and push
      // (or a spread literal) would leave 17 slots per pod
      pod.services = pod.services.concat(key);
      for (const port of record.ports) {
        const target =
          typeof port.targetPort === 'number'
            ? port.targetPort
            : pod.containerPorts.find(c => c.name === port.targetPort)?.port;
        if (target !== undefined && !pod.servedPorts.includes(target))
          pod.servedPorts = pod.servedPorts.concat(target);
      }
    }
    return { record, key, pods };
  });

  // PeerAuthentication and the posture of every pod.
  const peerAuthPolicies = inventory.peerAuthentications.map(o =>
    readPeerAuthentication(o, root, warnings),
  );
  const peerAuth = new PeerAuthIndex(peerAuthPolicies);
  const postureOf = new Map<PodRecord, PodPosture>();
  const podsByWorkload = new Map<string, PodPosture[]>();
  for (const [key, pods] of grouped) {
    const postures = pods.map(pod => {
      const posture = podPosture(
        pod,
        key,
        nsMesh(pod.namespace),
        peerAuth,
        pod.servedPorts,
        pod.services,
      );
      postureOf.set(pod, posture);
      return posture;
    });
    podsByWorkload.set(key, postures);
  }

  const services: SelectedService[] = serviceSelections.map(
    ({ record, key, pods }) => {
      const postures = pods.map(p => postureOf.get(p)!);
      return {
        record,
        key,
        host: serviceHost(record.name, record.namespace),
        pods: postures,
        workloads: [...new Set(postures.map(p => p.workloadKey))].sort(
          byString,
        ),
      };
    },
  );
  services.sort((a, b) => byString(a.key, b.key));

  // Workloads: the pods that run, or the templates that stand for them.
  const authzPolicies = inventory.authorizationPolicies
    .map(o => readAuthorizationPolicy(o, root, warnings))
    .filter((p): p is AuthzPolicyRecord => p !== null);
  const authz = new AuthorizationIndex(authzPolicies);
  const authzInMesh = new Map<string, Set<string>>();
  const authzAll = new Map<string, Set<string>>();
  const mark = (
    map: Map<string, Set<string>>,
    policy: string,
    workload: string,
  ) => {
    let set = map.get(policy);
    if (!set) map.set(policy, (set = new Set()));
    set.add(workload);
  };

  const workloads = new Map<string, WorkloadModel>();
  for (const key of [...podsByWorkload.keys()].sort(byString)) {
    const pods = podsByWorkload
      .get(key)!
      .sort((a, b) => byString(a.pod.name, b.pod.name));
    const rep = weakest(pods);
    const id = workloadOf(rep.pod, inventory.controllers);
    const counted =
      !isSystemNamespace(rep.pod.namespace) &&
      !INJECTION_IGNORED_NAMESPACES.has(rep.pod.namespace);
    let repPolicies: AuthzPolicyRecord[] = [];
    let previous:
      | { applicable: AuthzPolicyRecord[]; pod: PodPosture }
      | undefined;
    for (const p of pods) {
      const applicable = authz.applicable(p.pod.namespace, p.pod.labels);
      if (p === rep) repPolicies = applicable;
      // replicas share the result; marking them again would change nothing
      const same =
        previous?.applicable === applicable &&
        previous.pod.dataplane === p.dataplane &&
        previous.pod.pod.hostNetwork === p.pod.hostNetwork;
      previous = { applicable, pod: p };
      if (same) continue;
      for (const policy of applicable) {
        if (p.dataplane !== 'none') mark(authzInMesh, policy.key, key);
        if (counted && !p.pod.hostNetwork) mark(authzAll, policy.key, key);
      }
    }
    const exceptions = portExceptions(rep);
    const posture: WorkloadPosture = {
      namespace: rep.pod.namespace,
      name: id.name,
      kind: id.kind,
      inMesh: rep.dataplane !== 'none',
      dataplane: rep.dataplane,
      mtlsMode: rep.mtlsMode,
      ...(rep.declaredMode ? { declaredMode: rep.declaredMode } : {}),
      ...(exceptions.size > 0
        ? {
            portModes: Object.fromEntries(
              [...exceptions]
                .sort((a, b) => a[0] - b[0])
                .map(([p, m]) => [String(p), m]),
            ),
          }
        : {}),
      decidedBy: rep.composition?.decidedBy ?? null,
      // shared with the composition (and the workloads it decides): nothing writes to it
      decisionChain: rep.composition ? rep.composition.chain : [],
      pods: rep.pod.declared ? [] : pods.map(p => p.pod.name),
      ...(rep.pod.declared ? { declared: true } : {}),
      ...(rep.pod.gateway && rep.dataplane === 'sidecar'
        ? { gateway: true }
        : {}),
      ...coverageExclusion(rep.pod.namespace, pods, isSystemNamespace),
      mixedPods: pods.some(
        p => p.dataplane !== rep.dataplane || p.mtlsMode !== rep.mtlsMode,
      ),
      labels: { ...rep.pod.labels },
      serviceAccounts: distinct(pods.map(p => p.pod.serviceAccount)).sort(
        byString,
      ),
      ports: distinct(
        pods.flatMap(p => p.pod.containerPorts.map(c => c.port)),
      ).sort((a, b) => a - b),
      services: distinct(pods.flatMap(p => p.services)).sort(byString),
      authorization: workloadAuthorization(repPolicies),
    };
    workloads.set(key, {
      posture,
      pods,
      representative: rep,
      servicePorts: new Map(),
    });
  }

  // The reverse of each workload's authorization: the rules that name it.
  const outbound = outboundGrants(
    [...workloads].map(([key, w]) => [key, w.posture] as const),
    assumptions.trustDomain,
    localTrustDomains(assumptions),
  );
  for (const [key, grants] of outbound.grants) {
    const posture = workloads.get(key)!.posture;
    posture.mayCall = grants;
    const omitted = outbound.omitted.get(key);
    if (omitted) posture.mayCallOmitted = omitted;
  }

  // Protocol of each target port, as the workload's Services declare it.
  for (const svc of services) {
    for (const pod of svc.pods) {
      const ports = workloads.get(pod.workloadKey)!.servicePorts;
      for (const port of svc.record.ports) {
        const target = resolveTargetPort(port, pod);
        if (target !== undefined)
          ports.set(
            target,
            (ports.get(target) ?? false) || isHttpServicePort(port),
          );
      }
    }
  }

  // Client TLS per Service, for every namespace that holds sidecar clients.
  const clientNamespaces = [
    ...new Set(
      [...postureOf.values()]
        .filter(p => p.dataplane === 'sidecar')
        .map(p => p.pod.namespace),
    ),
  ].sort(byString);
  const drRecords = inventory.destinationRules
    .map(o => readDestinationRule(o, warnings))
    .filter((r): r is DestinationRuleRecord => r !== null);
  const clientTls = evaluateClientTls({
    services,
    clientNamespaces,
    drIndex: new DestinationRuleIndex(drRecords, root),
    enableAutoMtls: assumptions.enableAutoMtls,
  });

  const labelsByNamespace = new Map<
    string,
    Array<{ key: string; labels: Record<string, string> }>
  >();
  for (const [key, w] of workloads) {
    const list = labelsByNamespace.get(w.posture.namespace) ?? [];
    list.push({ key, labels: w.posture.labels });
    labelsByNamespace.set(w.posture.namespace, list);
  }
  const selectorFor = (key: string) => {
    const w = workloads.get(key)!;
    const others = (labelsByNamespace.get(w.posture.namespace) ?? [])
      .filter(o => o.key !== key)
      .map(o => o.labels);
    return workloadSelector(w.posture.labels, others);
  };

  const ctx: EngineContext = {
    now: input.now,
    assumptions,
    controlPlaneNamespace,
    inventory,
    namespaceMesh: nsMesh,
    isSystemNamespace,
    podsByNamespace,
    postureOf,
    workloads,
    services,
    servicesByKey: new Map(services.map(s => [s.key, s])),
    peerAuth,
    peerAuthPolicies,
    authz,
    authzPolicies,
    authzInMesh,
    authzAll,
    selectorFor,
  };

  const sink = new FindingSink();
  injectionFindings(ctx, sink);
  peerAuthenticationFindings(ctx, sink);
  clientTlsFindings(ctx, clientTls.problems, sink);
  authorizationFindings(ctx, sink);
  const rootCerts = readRootCerts(inventory, controlPlaneNamespace, warnings);
  rootCertFindings(rootCerts, input.now, sink);

  const report: MeshReport = {
    evaluatedAt: input.now.toISOString(),
    assumptions,
    workloads: Object.fromEntries(
      [...workloads].map(([k, w]) => [k, w.posture]),
    ),
    services: clientTls.services satisfies ServiceTls[],
    findings: sink.list(),
    coverage: computeCoverage(workloads.values()),
    ...earliestRootCert(rootCerts),
    warnings,
  };

  if (input.metrics) mergeTraffic(report, input, options);
  return applySuppressions(report, {
    objects: input.objects,
    suppressions: options.suppressions,
    now: input.now,
  });
}

function mergeTraffic(
  report: MeshReport,
  input: EngineInput,
  options: NonNullable<EngineInput['options']>,
): void {
  const traffic = evaluateTraffic({
    report,
    metrics: input.metrics!,
    healthThresholds: options.healthThresholds ?? DEFAULT_HEALTH_THRESHOLDS,
    strictReadyMinRequests:
      options.strictReadyMinRequests ?? DEFAULT_STRICT_READY_MIN_REQUESTS,
  });
  for (const [key, t] of Object.entries(traffic.workloads)) {
    const w = report.workloads[key];
    if (w) w.traffic = t;
  }
  report.traffic = traffic.mesh;
  const seen = new Set(report.findings.map(findingKey));
  const added: Finding[] = traffic.findings.filter(
    f => !seen.has(findingKey(f)),
  );
  report.findings = sortFindings([...report.findings, ...added]);
}

function earliestRootCert(
  copies: RootCertCopy[],
): Pick<MeshReport, 'rootCertNotAfter'> {
  const times = copies.flatMap(c => (c.notAfter ? [c.notAfter.getTime()] : []));
  return times.length > 0
    ? { rootCertNotAfter: new Date(Math.min(...times)).toISOString() }
    : {};
}

function findingKey(f: Finding): string {
  return `${f.rule}\u0000${f.subject}\u0000${f.port ?? ''}`;
}
