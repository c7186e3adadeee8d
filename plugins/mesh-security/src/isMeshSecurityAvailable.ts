import type { Entity } from '@backstage/catalog-model';

/** The Kubernetes plugin's annotations; we match workloads the same way it does. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * True when the entity says which Kubernetes workloads are its own.
 * @public
 */
export function isMeshSecurityAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim(),
  );
}
