import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/**
 * The Kubernetes plugin's annotations that tie an entity to workloads; the
 * mesh-security backend matches workloads with the same ones.
 *
 * @public
 */
export const KUBERNETES_WORKLOAD_ANNOTATIONS = [
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
] as const;

/**
 * The Kubernetes plugin's annotation that pins an entity's workloads to one
 * namespace; `@backstage/plugin-kubernetes-common` has no constant for it.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * True when the entity names its workloads the Kubernetes plugin's way, i.e.
 * when asking the mesh-security backend about it can return workloads.
 * Takes any entity-like object so callers need not share a catalog-model copy.
 *
 * @public
 */
export function hasKubernetesWorkloadAnnotations(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return KUBERNETES_WORKLOAD_ANNOTATIONS.some(
    key => !!annotations[key]?.trim(),
  );
}
