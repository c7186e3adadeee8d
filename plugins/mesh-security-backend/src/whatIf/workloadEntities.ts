import type { WorkloadEntity } from '@mesh-security/plugin-mesh-security-common';
import { ownerRefs } from '../entities/ownership';
import type { MatchedEntity } from '../views/teamScorecard';

/** The catalog entity of a workload (`namespace/name`) in a cluster, if any. */
export type WorkloadEntityLookup = (
  cluster: string,
  workload: string,
) => WorkloadEntity | undefined;

/** The entity of each matched workload, keyed by cluster and workload: what a lookup is made of, sent to the what-if worker. */
export type WorkloadEntityPairs = Array<[key: string, entity: WorkloadEntity]>;

/** A workload (`namespace/name`) of a cluster, as one key. */
export const clusterWorkloadKey = (cluster: string, workload: string) =>
  `${cluster}\u0000${workload}`;

/**
 * The reverse of the entity → workloads match (the Kubernetes plugin's
 * annotations, as on the entity page): which entity a workload belongs to.
 * Built from the entities the caller may read, so nobody learns of an entity
 * through a flow. A workload matched by several entities gets the first by ref.
 */
export function workloadEntityPairs(
  matched: MatchedEntity[],
): WorkloadEntityPairs {
  const byWorkload = new Map<string, WorkloadEntity>();
  const ordered = [...matched].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
  for (const { entity, entityRef, match } of ordered) {
    const view: WorkloadEntity = {
      entityRef,
      ...(entity.metadata.title && { title: entity.metadata.title }),
      owners: ownerRefs(entity),
    };
    for (const w of match.workloads) {
      const key = clusterWorkloadKey(w.cluster, `${w.namespace}/${w.name}`);
      if (!byWorkload.has(key)) byWorkload.set(key, view);
    }
  }
  return [...byWorkload];
}

/** Looks up the pairs (made here, or received by the what-if worker). */
export function lookupOf(pairs: WorkloadEntityPairs): WorkloadEntityLookup {
  const byWorkload = new Map(pairs);
  return (cluster, workload) =>
    byWorkload.get(clusterWorkloadKey(cluster, workload));
}

/** The lookup over the entities the caller may read (see `workloadEntityPairs`). */
export function workloadEntityLookup(
  matched: MatchedEntity[],
): WorkloadEntityLookup {
  return lookupOf(workloadEntityPairs(matched));
}
