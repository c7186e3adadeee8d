import type { Inventory, PodRecord } from './inventory';

export interface WorkloadIdentity {
  kind: string;
  name: string;
}

/** Job names a CronJob generates: `<cronjob>-<scheduled minute, 8–10 digits>` (Istio's own heuristic). */
const CRONJOB_JOB = /^(.+)-\d{8,10}$/;

/**
 * The workload a pod belongs to, as Istio names it for `destination_workload`:
 * the controller, following ReplicaSet → Deployment and Job → CronJob. When the
 * intermediate object is not in the input (a partial dump), Istio's name
 * heuristics fill in: ReplicaSet name minus `-<pod-template-hash>`, Job name
 * minus its timestamp suffix. A pod without owner is its own workload.
 */
export function workloadOf(
  pod: PodRecord,
  controllers: Inventory['controllers'],
): WorkloadIdentity {
  const ref = pod.ownerRef;
  if (!ref) return { kind: 'Pod', name: pod.name };
  if (ref.kind === 'ReplicaSet' || ref.kind === 'Job') {
    const key = `${ref.kind}/${pod.namespace}/${ref.name}`;
    if (controllers.has(key))
      return controllers.get(key) ?? { kind: ref.kind, name: ref.name };
    if (ref.kind === 'ReplicaSet') {
      const hash = pod.labels['pod-template-hash'];
      if (hash && ref.name.endsWith(`-${hash}`)) {
        return {
          kind: 'Deployment',
          name: ref.name.slice(0, -hash.length - 1),
        };
      }
    } else {
      const m = CRONJOB_JOB.exec(ref.name);
      if (m) return { kind: 'CronJob', name: m[1] };
    }
  }
  return { kind: ref.kind, name: ref.name };
}
