/**
 * Which workloads belong to a catalog entity, decided exactly as the
 * Kubernetes plugin decides which objects to show on the entity's page.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import type { WorkloadPosture } from '@mesh-security/plugin-mesh-security-common';
import { KUBERNETES_NAMESPACE_ANNOTATION } from '@mesh-security/plugin-mesh-security-node';
import {
  LabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';
import { IndexedCluster, labelKey } from '../snapshot/IndexedSnapshot';
import type { WorkloadLookup } from '../snapshot/workloadTexts';

export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';

/** Where an entity's workloads are and which pod labels they carry. */
export interface WorkloadQuery {
  selector: LabelSelector;
  namespace?: string;
  cluster?: string;
}

/**
 * The label selector wins over the id annotation, as in the Kubernetes plugin.
 * Returns undefined for an entity without either annotation; throws
 * LabelSelectorSyntaxError for a selector the API server would reject.
 */
export function workloadQueryForEntity(
  entity: Entity,
): WorkloadQuery | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const selectorText = annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION];
  const id = annotations[KUBERNETES_ANNOTATION];
  let selector: LabelSelector;
  if (selectorText) {
    selector = parseLabelSelector(selectorText);
  } else if (id) {
    selector = [{ key: KUBERNETES_ANNOTATION, operator: 'in', values: [id] }];
  } else {
    return undefined;
  }
  return {
    selector,
    namespace: annotations[KUBERNETES_NAMESPACE_ANNOTATION] || undefined,
    cluster: annotations[KUBERNETES_CLUSTER_ANNOTATION] || undefined,
  };
}

export function workloadMatches(
  query: WorkloadQuery,
  workload: WorkloadLookup | WorkloadPosture,
): boolean {
  if (query.namespace && workload.namespace !== query.namespace) return false;
  return matchesLabelSelector(query.selector, workload.labels ?? {});
}

/**
 * Candidates from the indexes: the smallest set among the entity's
 * namespace and the selector's `key in (…)` requirements; only a selector
 * without any, and no namespace, falls back to a scan. (`app=web` with a
 * namespace, the common pair, finds `web` in every namespace of a large
 * cluster but few workloads in one namespace.)
 */
function candidates(
  query: WorkloadQuery,
  cluster: IndexedCluster,
): IndexedCluster['workloads'] {
  let best = query.namespace
    ? cluster.workloadsByNamespace.get(query.namespace) ?? []
    : undefined;
  for (const req of query.selector) {
    if (req.operator !== 'in') continue;
    const lists = req.values.map(
      v => cluster.workloadsByLabel.get(labelKey(req.key, v)) ?? [],
    );
    const size = lists.reduce((n, list) => n + list.length, 0);
    if (!best || size < best.length) best = lists.flat();
  }
  return best ?? cluster.workloads;
}

/** The entity's workloads in one cluster (none when the entity is pinned to another cluster). */
export function findEntityWorkloads(
  query: WorkloadQuery,
  cluster: IndexedCluster,
): WorkloadPosture[] {
  if (query.cluster && query.cluster !== cluster.cluster) return [];
  return candidates(query, cluster)
    .filter(w => workloadMatches(query, w))
    .map(w => w.posture());
}
