import { InputError } from '@backstage/errors';
import type {
  EntityPosture,
  EntityWorkload,
  Finding,
} from '@mesh-security/plugin-mesh-security-common';
import {
  strictPeerAuthentication,
  type PolicyObject,
} from '../manifests/istioPolicies';
import { workloadSelector } from '@mesh-security/mesh-security-engine';

/** workload: a policy per workload; namespace: one per namespace */
export type StrictScope = 'workload' | 'namespace';

/** What the posture says STRICT does to the callers it has seen. */
export type StrictVerdictStatus = 'safe' | 'breaks' | 'unverified';

/** A workload the PeerAuthentications make STRICT. */
export interface StrictTarget {
  /** `namespace/workload` */
  workload: string;
  cluster: string;
  /** the effective mode today */
  modeNow: string;
  decidedBy: string | null;
  strictReady: boolean;
}

/** What the STRICT pull request changes and what the posture says it would break. */
export interface StrictPlan {
  scope: StrictScope;
  policies: PolicyObject[];
  targets: StrictTarget[];
  /** workloads left as they are, with why */
  skipped: Array<{ workload: string; cluster: string; why: string }>;
  /** `namespace/workload` of callers seen sending plaintext to a target: the flows STRICT breaks */
  plaintextCallers: string[];
  /** plaintext callers the findings count but do not name (they name the heaviest ones) */
  unnamedCallers: number;
  status: StrictVerdictStatus;
  /** why the verdict is not simply "safe", one sentence each */
  notes: string[];
}

const key = (w: { namespace: string; name: string }) =>
  `${w.namespace}/${w.name}`;

const DEFAULT_ROOT_NAMESPACE = 'istio-system';

function isFullyStrict(w: EntityWorkload): boolean {
  return (
    w.mtlsMode === 'STRICT' &&
    Object.values(w.portModes ?? {}).every(mode => mode === 'STRICT')
  );
}

function findingsOf(
  posture: EntityPosture,
  w: EntityWorkload,
  rule: Finding['rule'],
) {
  return posture.findings.filter(
    f => f.rule === rule && f.cluster === w.cluster && f.subject === key(w),
  );
}

/** The workload-level PeerAuthentication in effect, if any: rewritten rather than competed with. */
function workloadPolicy(w: EntityWorkload) {
  return w.decisionChain.find(s => s.level === 'workload' && s.policy);
}

/**
 * A namespace-wide STRICT does not reach a workload whose own policy (or a
 * port of it) says otherwise: Istio lets the narrower policy win.
 */
function overridesNamespace(w: EntityWorkload): boolean {
  return w.decisionChain.some(
    s =>
      (s.level === 'workload' || s.level === 'port') &&
      s.mode !== 'UNSET' &&
      s.mode !== 'STRICT',
  );
}

function workloadStrictPolicy(
  w: EntityWorkload,
  posture: EntityPosture,
): PolicyObject {
  const others = posture.workloads
    .filter(
      o => o !== w && o.cluster === w.cluster && o.namespace === w.namespace,
    )
    .map(o => o.labels);
  return strictPeerAuthentication({
    namespace: w.namespace,
    name: workloadPolicy(w)?.policy?.split('/')[1] ?? `${w.name}-strict`,
    selector: workloadSelector(w.labels, others),
  });
}

function namespaceStrictPolicy(
  namespace: string,
  workloads: EntityWorkload[],
): PolicyObject {
  // reuse the namespace policy in effect: a second one would conflict, and the older wins
  const current = workloads
    .flatMap(w => w.decisionChain)
    .find(s => s.level === 'namespace' && s.policy);
  return strictPeerAuthentication({
    namespace,
    name: current?.policy?.split('/')[1] ?? 'default',
  });
}

function uniqueByName(policies: PolicyObject[]): PolicyObject[] {
  const seen = new Map<string, PolicyObject>();
  for (const p of policies) {
    const id = `${p.kind}/${p.metadata.namespace}/${p.metadata.name}`;
    if (!seen.has(id)) seen.set(id, p);
  }
  return [...seen.values()];
}

function chooseTargets(posture: EntityPosture, entityRef: string) {
  const targets: EntityWorkload[] = [];
  const skipped: StrictPlan['skipped'] = [];
  for (const w of posture.workloads) {
    if (w.dataplane === 'none') {
      skipped.push({
        workload: key(w),
        cluster: w.cluster,
        why: 'it has no proxy: a PeerAuthentication does not apply until it joins the mesh',
      });
    } else if (isFullyStrict(w)) {
      skipped.push({
        workload: key(w),
        cluster: w.cluster,
        why: 'it is STRICT already',
      });
    } else targets.push(w);
  }
  if (targets.length === 0) {
    throw new InputError(
      `Nothing to change for ${entityRef}: ${skipped
        .map(s => `${s.workload} (${s.cluster}): ${s.why}`)
        .join('; ')}`,
    );
  }
  for (const w of targets) {
    const root =
      posture.assumptions[w.cluster]?.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
    if (w.namespace === root) {
      throw new InputError(
        `${key(
          w,
        )} runs in Istio's root namespace ${root}, where a PeerAuthentication applies to the whole mesh; change the mesh-wide policy deliberately, not from this template`,
      );
    }
  }
  return { targets, skipped };
}

function plaintextCallersOf(posture: EntityPosture, targets: EntityWorkload[]) {
  const callers = new Set<string>();
  let unnamed = 0;
  for (const w of targets) {
    for (const f of findingsOf(posture, w, 'plaintext-traffic-observed')) {
      const named = f.detail?.callers ?? [];
      named.forEach(c => callers.add(c));
      unnamed += Math.max(0, (f.detail?.callersTotal ?? 0) - named.length);
    }
    for (const flow of w.traffic?.inbound ?? []) {
      if (flow.plaintext) callers.add(flow.peer);
    }
  }
  return { callers: [...callers].sort(), unnamed };
}

/**
 * Plans STRICT for an entity from the posture the backend serves. The verdict
 * is the posture's own: plaintext callers of a target are flows STRICT breaks
 * ("breaks"); a `strict-ready` finding for every target says nothing breaks
 * ("safe"); anything else was not judged ("unverified", with why).
 */
export function planStrict(
  posture: EntityPosture,
  entityRef: string,
  requestedScope?: StrictScope,
): StrictPlan {
  const { targets, skipped } = chooseTargets(posture, entityRef);
  const ready = (w: EntityWorkload) =>
    findingsOf(posture, w, 'strict-ready')[0];
  const namespaceReady = (w: EntityWorkload) =>
    ready(w)?.detail?.scope === 'namespace';
  const scope: StrictScope =
    requestedScope ??
    (targets.every(namespaceReady) ? 'namespace' : 'workload');

  let policies: PolicyObject[];
  if (scope === 'namespace') {
    const namespaces = [...new Set(targets.map(w => w.namespace))].sort();
    policies = [
      ...namespaces.map(ns =>
        namespaceStrictPolicy(
          ns,
          targets.filter(w => w.namespace === ns),
        ),
      ),
      ...targets
        .filter(overridesNamespace)
        .map(w => workloadStrictPolicy(w, posture)),
    ];
  } else {
    policies = targets.map(w => workloadStrictPolicy(w, posture));
  }

  const { callers, unnamed } = plaintextCallersOf(posture, targets);
  const notes: string[] = [];
  for (const w of targets) {
    if (w.unknownKinds?.includes('PeerAuthentication')) {
      notes.push(
        `The PeerAuthentications of cluster ${
          w.cluster
        } could not be read: the mode of ${key(w)} today is not known.`,
      );
    }
    if (ready(w)) continue;
    notes.push(
      w.traffic
        ? `${key(
            w,
          )} is not strict-ready: not enough of its callers were seen using mTLS to rule out plaintext ones.`
        : `mesh-security has no traffic metrics for ${key(
            w,
          )}: what STRICT would break is not known.`,
    );
  }
  if (scope === 'namespace') {
    for (const ns of [...new Set(targets.map(w => w.namespace))].sort()) {
      if (targets.filter(w => w.namespace === ns).every(namespaceReady))
        continue;
      notes.push(
        `STRICT for namespace ${ns} also applies to the workloads of other entities there, which were not judged.`,
      );
    }
  }

  let status: StrictVerdictStatus = 'safe';
  if (callers.length > 0 || unnamed > 0) status = 'breaks';
  else if (notes.length > 0) status = 'unverified';

  return {
    scope,
    policies: uniqueByName(policies),
    targets: targets.map(w => ({
      workload: key(w),
      cluster: w.cluster,
      modeNow: w.mtlsMode,
      decidedBy: w.decidedBy,
      strictReady: !!ready(w),
    })),
    skipped,
    plaintextCallers: callers,
    unnamedCallers: unnamed,
    status,
    notes,
  };
}
