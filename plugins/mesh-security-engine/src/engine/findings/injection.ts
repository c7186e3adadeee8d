import {
  INJECT,
  INJECTION_IGNORED_NAMESPACES,
  LABEL_DATAPLANE_MODE,
  LABEL_INJECTION,
} from '../dataplane';
import type { EngineContext } from '../context';
import { commented, namespaceLabelPatch, restartPatch } from '../remediation';
import { listNames, plural, type FindingSink } from './sink';

const CONTROLLER_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
]);

/** Mesh membership findings (docs/rules.md: pod-missing-proxy … sidecar-in-ambient-namespace). */
export function injectionFindings(ctx: EngineContext, sink: FindingSink): void {
  for (const [name, labels] of ctx.inventory.namespaceLabels) {
    if (name === ctx.controlPlaneNamespace) continue; // istioctl skips it too
    const ns = ctx.namespaceMesh(name);
    if (ns.injectionLabels.length > 1) {
      sink.add({
        rule: 'namespace-multiple-injection-labels',
        severity: 'low',
        subject: `/${name}`,
        reason: `Namespace ${name} has ${listNames(
          ns.injectionLabels.map(l => `${l}=${labels[l]}`),
        )}; Istio follows only one of them, so keep the one you mean.`,
      });
    }
  }

  for (const [key, w] of ctx.workloads) {
    const { namespace, name, kind } = w.posture;
    if (
      ctx.isSystemNamespace(namespace) ||
      INJECTION_IGNORED_NAMESPACES.has(namespace)
    )
      continue;
    const ns = ctx.namespaceMesh(namespace);
    const podNames = (pred: (p: (typeof w.pods)[number]) => boolean) =>
      w.pods.filter(pred).map(p => p.pod.name);

    const hostNetwork = podNames(p => p.pod.hostNetwork);
    if (hostNetwork.length > 0) {
      sink.add({
        rule: 'host-network-pod',
        severity: 'low',
        subject: key,
        reason: `${key} runs with hostNetwork, so it can never get a sidecar or be captured by ambient: its traffic is outside the mesh.`,
      });
      continue;
    }

    const missing = podNames(
      p => p.dataplane === 'none' && p.injection.sidecarExpected,
    );
    if (missing.length > 0) {
      sink.add({
        rule: 'pod-missing-proxy',
        severity: 'high',
        subject: key,
        reason: `${plural(missing.length, 'Pod')} ${listNames(
          missing,
        )} of ${key} should have an Istio sidecar (namespace ${namespace} has injection enabled) but ${plural(
          missing.length,
          'has',
          'have',
        )} none; ${plural(
          missing.length,
          'it was',
          'they were',
        )} probably started before injection was enabled and must be restarted.`,
        detail: { pods: missing },
        ...(CONTROLLER_KINDS.has(kind)
          ? { remediation: restartPatch(kind, namespace, name, ctx.now) }
          : {}),
      });
    }

    const optedOut = podNames(
      p => p.dataplane === 'none' && p.injection.optedOut,
    );
    if (optedOut.length > 0) {
      const viaAmbient =
        w.representative.pod.labels[LABEL_DATAPLANE_MODE] === 'none' &&
        ns.ambient;
      sink.add({
        rule: 'injection-opt-out',
        severity: 'medium',
        subject: key,
        reason: viaAmbient
          ? `${key} is labelled ${LABEL_DATAPLANE_MODE}=none, so it stays out of the ambient mesh that namespace ${namespace} enables.`
          : `${key} opts out of sidecar injection (${INJECT}) although namespace ${namespace} enables it, so it accepts plaintext and has no mesh identity.`,
      });
    }

    const ineffective = podNames(p => p.injection.labelIneffective);
    if (ineffective.length > 0) {
      sink.add({
        rule: 'injection-label-ineffective',
        severity: 'low',
        subject: key,
        reason: `${key} asks for a sidecar (${INJECT}=true) but namespace ${namespace} sets ${LABEL_INJECTION}=${
          ctx.inventory.namespaceLabels.get(namespace)?.[LABEL_INJECTION]
        }, which stops every injection webhook.`,
        remediation: commented(
          `kubectl patch namespace ${namespace} --type merge --patch-file ns.yaml (removes the label)`,
          namespaceLabelPatch(namespace, { [LABEL_INJECTION]: null }),
        ),
      });
    }

    if (
      w.posture.dataplane === 'none' &&
      !ns.sidecarInjection &&
      !ns.ambient &&
      missing.length === 0
    ) {
      sink.add({
        rule: 'workload-outside-mesh',
        severity: 'medium',
        subject: key,
        reason: ctx.inventory.namespaceLabels.has(namespace)
          ? `${key} has no sidecar and is not in the ambient mesh, because namespace ${namespace} does not enable either: it accepts plaintext and callers cannot verify its identity.`
          : `${key} has no sidecar and is not in the ambient mesh: namespace ${namespace} is not in the input, so nothing shows that it enables injection or ambient (add its Namespace, or label the workload). As read, it accepts plaintext and callers cannot verify its identity.`,
        remediation: commented(
          "label the namespace, then restart the workload's pods",
          namespaceLabelPatch(namespace, { [LABEL_INJECTION]: 'enabled' }),
        ),
      });
    }

    if (ns.ambient && w.pods.some(p => p.dataplane === 'sidecar')) {
      sink.add({
        rule: 'sidecar-in-ambient-namespace',
        severity: 'low',
        subject: key,
        reason: `${key} runs an Istio sidecar inside ambient namespace ${namespace}; the sidecar takes precedence, so ztunnel does not handle it.`,
      });
    }
  }
}
