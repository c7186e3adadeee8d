import type { WorkloadPosture } from '@mesh-security/plugin-mesh-security-common';
import {
  workloadAuthorization,
  type AuthorizationIndex,
  type AuthzPolicyRecord,
} from './authorization';
import type { WorkloadModel } from './context';
import { coverageExclusion } from './coverage';
import { INJECTION_IGNORED_NAMESPACES } from './dataplane';
import type { Inventory } from './inventory';
import { workloadOf, type WorkloadIdentity } from './ownerChain';
import { portExceptions, weakest, type PodPosture } from './posture';
import { byText } from './values';

/** policy key → workload keys */
type PolicyTargets = Map<string, Set<string>>;

function distinct<T>(values: T[]): T[] {
  return values.length <= 1 ? values : [...new Set(values)];
}

function mark(map: PolicyTargets, policy: string, workload: string): void {
  let set = map.get(policy);
  if (!set) map.set(policy, (set = new Set()));
  set.add(workload);
}

/**
 * Records which workloads each AuthorizationPolicy applies to, and returns
 * the policies that apply to the representative pod.
 */
function markAuthorization(
  key: string,
  pods: PodPosture[],
  rep: PodPosture,
  counted: boolean,
  authz: AuthorizationIndex,
  targets: { inMesh: PolicyTargets; all: PolicyTargets },
): AuthzPolicyRecord[] {
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
      if (p.dataplane !== 'none') mark(targets.inMesh, policy.key, key);
      if (counted && !p.pod.hostNetwork) mark(targets.all, policy.key, key);
    }
  }
  return repPolicies;
}

/** What the report says of a workload: its weakest pod's posture, and what its pods share. */
function workloadPosture(
  id: WorkloadIdentity,
  pods: PodPosture[],
  rep: PodPosture,
  repPolicies: AuthzPolicyRecord[],
  isSystemNamespace: (ns: string) => boolean,
): WorkloadPosture {
  const exceptions = portExceptions(rep);
  return {
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
    serviceAccounts: distinct(pods.map(p => p.pod.serviceAccount)).sort(byText),
    ports: distinct(
      pods.flatMap(p => p.pod.containerPorts.map(c => c.port)),
    ).sort((a, b) => a - b),
    services: distinct(pods.flatMap(p => p.services)).sort(byText),
    authorization: workloadAuthorization(repPolicies),
  };
}

/**
 * Workloads, by key in order: the pods that run, or the templates that stand
 * for them, reported by their weakest pod; and, per AuthorizationPolicy, the
 * workloads it applies to (in the mesh, and all counted ones).
 */
export function workloadModels(
  posturesByWorkload: Map<string, PodPosture[]>,
  controllers: Inventory['controllers'],
  authz: AuthorizationIndex,
  isSystemNamespace: (ns: string) => boolean,
): {
  workloads: Map<string, WorkloadModel>;
  authzInMesh: PolicyTargets;
  authzAll: PolicyTargets;
} {
  const targets: { inMesh: PolicyTargets; all: PolicyTargets } = {
    inMesh: new Map(),
    all: new Map(),
  };
  const workloads = new Map<string, WorkloadModel>();
  for (const key of [...posturesByWorkload.keys()].sort(byText)) {
    const pods = posturesByWorkload
      .get(key)!
      .sort((a, b) => byText(a.pod.name, b.pod.name));
    const rep = weakest(pods);
    const counted =
      !isSystemNamespace(rep.pod.namespace) &&
      !INJECTION_IGNORED_NAMESPACES.has(rep.pod.namespace);
    const repPolicies = markAuthorization(
      key,
      pods,
      rep,
      counted,
      authz,
      targets,
    );
    workloads.set(key, {
      posture: workloadPosture(
        workloadOf(rep.pod, controllers),
        pods,
        rep,
        repPolicies,
        isSystemNamespace,
      ),
      pods,
      representative: rep,
      servicePorts: new Map(),
    });
  }
  return { workloads, authzInMesh: targets.inMesh, authzAll: targets.all };
}
