import type { WorkloadModel } from './context';
import { workloadSelector } from './remediation';

/** For a workload key, a selector for its pods that selects no other workload of its namespace. */
export function workloadSelectors(
  workloads: Map<string, WorkloadModel>,
): (workloadKey: string) => Record<string, string> {
  const labelsByNamespace = new Map<
    string,
    Array<{ key: string; labels: Record<string, string> }>
  >();
  for (const [key, w] of workloads) {
    const list = labelsByNamespace.get(w.posture.namespace) ?? [];
    list.push({ key, labels: w.posture.labels });
    labelsByNamespace.set(w.posture.namespace, list);
  }
  return key => {
    const w = workloads.get(key)!;
    const others = (labelsByNamespace.get(w.posture.namespace) ?? [])
      .filter(o => o.key !== key)
      .map(o => o.labels);
    return workloadSelector(w.posture.labels, others);
  };
}
