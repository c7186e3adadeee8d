import type { WorkloadEntity } from '@mesh-security/plugin-mesh-security-common';
import { ownerRefs } from '../entities/ownership';
import type { MatchedEntity } from '../views/teamScorecard';

/** The catalog entity of a workload (`namespace/name`) in a cluster, if any. */
export type WorkloadEntityLookup = (
  cluster: string,
  workload: string,
) => WorkloadEntity | undefined;

const keyOf = (cluster: string, workload: string) =>
  `${cluster}\u0000${workload}`;

/**
 * The reverse of the entity → workloads match (the Kubernetes plugin's
 * annotations, as on the entity page): which entity a workload belongs to.
 * Built from the entities the caller may read, so nobody learns of an entity
 * through a flow. A workload matched by several entities gets the first by ref.
 */
export function workloadEntityLookup(
  matched: MatchedEntity[],
): WorkloadEntityLookup {
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
      const key = keyOf(w.cluster, `${w.namespace}/${w.name}`);
      if (!byWorkload.has(key)) byWorkload.set(key, view);
    }
  }
  return (cluster, workload) => byWorkload.get(keyOf(cluster, workload));
}
