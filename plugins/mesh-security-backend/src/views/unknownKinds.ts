/**
 * Lists a cluster's report was evaluated without (they could not be read and
 * nothing earlier stood in): the views mark what depends on them unknown
 * instead of reading the absence as "none".
 */
import type { EntityWorkload } from '@mesh-security/plugin-mesh-security-common';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';

/** What decides a workload's effective mode: its PeerAuthentications, namespace labels, root namespace. */
const MODE_LISTS = ['PeerAuthentication', 'Namespace', 'ConfigMap istio'];
/** What decides which AuthorizationPolicies apply: the policies and the root namespace. */
const AUTHORIZATION_LISTS = ['AuthorizationPolicy', 'ConfigMap istio'];

export function unknownKindsByCluster(
  view: IndexedSnapshot,
): Map<string, string[]> {
  const byCluster = new Map<string, string[]>();
  for (const { cluster, unknownKinds } of view.snapshot.clusters) {
    if (!unknownKinds?.length) continue;
    const kinds = new Set([...(byCluster.get(cluster) ?? []), ...unknownKinds]);
    byCluster.set(cluster, [...kinds].sort());
  }
  return byCluster;
}

/** The unknown lists of these workloads' clusters, sorted; empty when everything was read. */
export function unknownKindsOf(
  workloads: Iterable<Pick<EntityWorkload, 'unknownKinds'>>,
): string[] {
  const kinds = new Set<string>();
  for (const w of workloads) for (const k of w.unknownKinds ?? []) kinds.add(k);
  return [...kinds].sort();
}

const dependsOn = (w: EntityWorkload, lists: string[]) =>
  !!w.unknownKinds?.some(k => lists.includes(k));

/** Whether the workload's effective mTLS mode may differ from what the report says. */
export function modeUnknown(w: EntityWorkload): boolean {
  return dependsOn(w, MODE_LISTS);
}

/** Whether the AuthorizationPolicies that apply to the workload may differ from what the report says. */
export function authorizationUnknown(w: EntityWorkload): boolean {
  return dependsOn(w, AUTHORIZATION_LISTS);
}
