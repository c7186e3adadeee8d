import type { Dataplane } from '@mesh-security/plugin-mesh-security-common';
import type { PodRecord } from './inventory';
import type { Labels } from './values';

export const LABEL_INJECTION = 'istio-injection';
export const LABEL_REV = 'istio.io/rev';
export const LABEL_DATAPLANE_MODE = 'istio.io/dataplane-mode';
export const INJECT = 'sidecar.istio.io/inject';
export const SIDECAR_STATUS = 'sidecar.istio.io/status';
export const TLS_MODE_LABEL = 'security.istio.io/tlsMode';
/** istio-cni's record on a pod it captured for ambient (istioctl: `util.PodInAmbientMode`) */
export const AMBIENT_REDIRECTION = 'ambient.istio.io/redirection';

/** Namespaces the injector never touches (pkg/kube/inject ignored namespaces). */
export const INJECTION_IGNORED_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
]);

/** How a namespace asks to be meshed (docs/semantics.md §3). */
export interface NamespaceMesh {
  /** a sidecar injection webhook fires for its pods: `istio-injection=enabled`, or `istio.io/rev` without `istio-injection` */
  sidecarInjection: boolean;
  /** `istio-injection` set to something else than `enabled`: no webhook matches, pod labels cannot help */
  injectionDisabled: boolean;
  ambient: boolean;
  /** the injection labels that compete, as istioctl IST0123 counts them */
  injectionLabels: string[];
}

export function namespaceMesh(labels: Labels): NamespaceMesh {
  const injection = labels[LABEL_INJECTION];
  const rev = labels[LABEL_REV];
  return {
    sidecarInjection:
      injection === 'enabled' || (injection === undefined && rev !== undefined),
    injectionDisabled: injection !== undefined && injection !== 'enabled',
    ambient: labels[LABEL_DATAPLANE_MODE] === 'ambient',
    injectionLabels: injectionLabelsCounted(labels),
  };
}

/**
 * The injection labels that compete, counted as istioctl's IST0123 counts
 * them (analyzers/injection/injection.go): `istio-injection` always, and
 * `istio.io/rev` / `istio.io/dataplane-mode` only while `istio-injection` is
 * absent or `enabled` — `istio-injection=disabled` silences the others.
 */
function injectionLabelsCounted(labels: Labels): string[] {
  const injection = labels[LABEL_INJECTION];
  const othersCount = injection === undefined || injection === 'enabled';
  const counted = injection !== undefined ? [LABEL_INJECTION] : [];
  if (othersCount) {
    for (const l of [LABEL_REV, LABEL_DATAPLANE_MODE])
      if (labels[l] !== undefined) counted.push(l);
  }
  return counted;
}

/**
 * The pod's injection switch: the label wins over the deprecated annotation.
 * Istio reads y/yes/true/on as "inject", empty as "namespace default", and any
 * other value as "do not inject" (inject.go `injectRequired`).
 */
export function injectSwitch(pod: PodRecord): 'inject' | 'skip' | 'default' {
  const raw = pod.labels[INJECT] ?? pod.annotations[INJECT];
  if (raw === undefined || raw === '') return 'default';
  return ['y', 'yes', 'true', 'on'].includes(raw.toLowerCase())
    ? 'inject'
    : 'skip';
}

/**
 * Dataplane of one pod. A proxy container decides (sidecar), else istio-cni's
 * redirection annotation, else ambient capture by pod or namespace label; hostNetwork pods and pods the injector
 * already handled (`sidecar.istio.io/status`) are never captured.
 */
export function podDataplane(pod: PodRecord, ns: NamespaceMesh): Dataplane {
  if (pod.hostNetwork) return 'none';
  if (pod.hasSidecar) return 'sidecar';
  // istio-cni's record of capture outranks what the labels say
  if (pod.annotations[AMBIENT_REDIRECTION] === 'enabled') return 'ambient';
  if (pod.annotations[SIDECAR_STATUS] !== undefined) return 'none';
  const mode = pod.labels[LABEL_DATAPLANE_MODE];
  if (mode === 'ambient' || (ns.ambient && mode !== 'none')) return 'ambient';
  return 'none';
}

/** What the injection webhooks would have done with this pod, for the injection findings. */
export interface InjectionView {
  /** a webhook fires and injectRequired says yes: the pod should have a sidecar */
  sidecarExpected: boolean;
  /** opted out (`sidecar.istio.io/inject` false-ish, or ambient `dataplane-mode=none`) inside an enabled namespace */
  optedOut: boolean;
  /** pod asks for injection but the namespace's `istio-injection` value blocks every webhook */
  labelIneffective: boolean;
}

export function injectionView(
  pod: PodRecord,
  ns: NamespaceMesh,
): InjectionView {
  const sw = injectSwitch(pod);
  const podLabel = pod.labels[INJECT];
  let webhook: boolean;
  if (ns.sidecarInjection) {
    // the namespace webhooks exclude pods labelled sidecar.istio.io/inject=false
    webhook = podLabel !== 'false';
  } else if (ns.injectionDisabled) {
    webhook = false;
  } else {
    // object selectors: inject=true, or a pod-level istio.io/rev (revision webhook)
    webhook =
      podLabel === 'true' ||
      (pod.labels[LABEL_REV] !== undefined && podLabel !== 'false');
  }
  const required =
    webhook &&
    !pod.hostNetwork &&
    !INJECTION_IGNORED_NAMESPACES.has(pod.namespace) &&
    sw !== 'skip';
  const ambientOptOut =
    ns.ambient && pod.labels[LABEL_DATAPLANE_MODE] === 'none';
  return {
    sidecarExpected: required,
    optedOut: (ns.sidecarInjection && sw === 'skip') || ambientOptOut,
    labelIneffective: ns.injectionDisabled && sw === 'inject',
  };
}
