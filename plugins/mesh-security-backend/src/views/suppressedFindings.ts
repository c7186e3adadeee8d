import type {
  EntityWorkload,
  SuppressedFinding,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';
import { compareFindings } from './summary';

type ClusterSuppressed = SuppressedFinding & { cluster: string };

function sorted(list: ClusterSuppressed[]): ClusterSuppressed[] {
  return list.sort(
    (a, b) => compareFindings(a, b) || a.cluster.localeCompare(b.cluster),
  );
}

/**
 * The suppressed findings about an entity's workloads: the same subjects its
 * findings are picked by (`subjectsOf`), in the clusters the workloads run in.
 * A linear pass per cluster: suppressed lists are short next to the findings.
 */
export function entitySuppressed(
  view: IndexedSnapshot,
  workloads: EntityWorkload[],
  subjectsOf: (workload: WorkloadPosture) => string[],
): ClusterSuppressed[] {
  const subjectsByCluster = new Map<string, Set<string>>();
  for (const workload of workloads) {
    const subjects = subjectsByCluster.get(workload.cluster) ?? new Set();
    for (const subject of subjectsOf(workload)) subjects.add(subject);
    subjectsByCluster.set(workload.cluster, subjects);
  }
  const out: ClusterSuppressed[] = [];
  for (const { cluster, report } of view.clusters) {
    const subjects = subjectsByCluster.get(cluster);
    if (!subjects) continue;
    for (const finding of report.suppressed ?? [])
      if (subjects.has(finding.subject)) out.push({ ...finding, cluster });
  }
  return sorted(out);
}

/** Every suppressed finding of the mesh, worst first, with its cluster. */
export function meshSuppressed(view: IndexedSnapshot): ClusterSuppressed[] {
  return sorted(
    view.clusters.flatMap(({ cluster, report }) =>
      (report.suppressed ?? []).map(finding => ({ ...finding, cluster })),
    ),
  );
}
