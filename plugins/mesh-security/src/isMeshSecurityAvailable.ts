import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';

/**
 * True when the entity says which Kubernetes workloads are its own.
 * @public
 */
export function isMeshSecurityAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]?.trim(),
  );
}
