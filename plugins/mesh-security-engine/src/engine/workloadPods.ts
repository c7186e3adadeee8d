import type { NamespaceMesh } from './dataplane';
import { declaredPods } from './declaredWorkloads';
import type { Inventory, PodRecord } from './inventory';
import { workloadOf } from './ownerChain';
import { LabelIndex } from './selectors';

/**
 * Pods by namespace and label, and grouped by the workload each belongs to,
 * so that pods with the same labels follow each other (see PeerAuthIndex.compose).
 * No per-pod identity is kept: the representative's is recomputed later.
 * Controllers without Pods in the input are workloads by their templates.
 */
export function workloadPods(
  inventory: Inventory,
  namespaceMesh: (namespace: string) => NamespaceMesh,
): {
  podsByNamespace: Map<string, LabelIndex<PodRecord>>;
  podsByWorkload: Map<string, PodRecord[]>;
} {
  const podsByNamespace = new Map<string, LabelIndex<PodRecord>>();
  const podsByWorkload = new Map<string, PodRecord[]>();
  const addPod = (pod: PodRecord) => {
    const key = `${pod.namespace}/${
      workloadOf(pod, inventory.controllers).name
    }`;
    const list = podsByWorkload.get(key);
    if (list) list.push(pod);
    else podsByWorkload.set(key, [pod]);
    let index = podsByNamespace.get(pod.namespace);
    if (!index) podsByNamespace.set(pod.namespace, (index = new LabelIndex()));
    index.add(pod);
  };
  inventory.pods.forEach(addPod);
  declaredPods(
    inventory,
    key => podsByWorkload.has(key),
    namespaceMesh,
  ).forEach(addPod);
  return { podsByNamespace, podsByWorkload };
}
