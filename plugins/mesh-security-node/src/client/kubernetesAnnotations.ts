/**
 * The Kubernetes plugin's annotations that tie an entity to workloads; the
 * mesh-security backend matches workloads with the same ones.
 *
 * @public
 */
export const KUBERNETES_WORKLOAD_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
] as const;

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
