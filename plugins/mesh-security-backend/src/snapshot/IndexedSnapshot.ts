import type {
  Finding,
  MeshReport,
  ServiceTls,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import type { MeshSnapshot } from './types';

/** One cluster's report with the look-ups the request path needs. */
export interface IndexedCluster {
  cluster: string;
  report: MeshReport;
  workloads: WorkloadPosture[];
  /** `key=value` of pod labels → workloads carrying it */
  workloadsByLabel: Map<string, WorkloadPosture[]>;
  findingsBySubject: Map<string, Finding[]>;
  servicesByName: Map<string, ServiceTls>;
}

/**
 * A parsed snapshot plus indexes, built once per stored snapshot so a request
 * costs a few map look-ups instead of a JSON parse and a scan.
 */
export interface IndexedSnapshot {
  /** changes with every stored write, even when two refreshes share a generatedAt */
  revision: string;
  snapshot: MeshSnapshot;
  clusters: IndexedCluster[];
}

export function labelKey(key: string, value: string): string {
  return `${key}=${value}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexSnapshot(
  revision: string,
  snapshot: MeshSnapshot,
): IndexedSnapshot {
  return {
    revision,
    snapshot,
    clusters: snapshot.clusters.map(({ cluster, report }) => {
      const workloads = Object.values(report.workloads);
      const workloadsByLabel = new Map<string, WorkloadPosture[]>();
      for (const workload of workloads) {
        for (const [key, value] of Object.entries(workload.labels ?? {})) {
          push(workloadsByLabel, labelKey(key, value), workload);
        }
      }
      const findingsBySubject = new Map<string, Finding[]>();
      for (const finding of report.findings) {
        push(findingsBySubject, finding.subject, finding);
      }
      const servicesByName = new Map(report.services.map(s => [s.service, s]));
      return {
        cluster,
        report,
        workloads,
        workloadsByLabel,
        findingsBySubject,
        servicesByName,
      };
    }),
  };
}
