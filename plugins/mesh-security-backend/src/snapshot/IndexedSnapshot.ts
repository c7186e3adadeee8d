import type {
  Finding,
  MeshReport,
  ServiceTls,
} from '@mesh-security/plugin-mesh-security-common';
import type { ClusterSnapshot, MeshSnapshot } from './types';
import { WorkloadEntry, workloadEntries } from './workloadTexts';
import { createYielder } from '../worker/yieldToLoop';

/** One cluster's report with the look-ups the request path needs. */
export interface IndexedCluster {
  cluster: string;
  report: MeshReport;
  /** parsed when served (see workloadTexts) */
  workloads: WorkloadEntry[];
  /** `key=value` of pod labels → workloads carrying it */
  workloadsByLabel: Map<string, WorkloadEntry[]>;
  /** namespace → its workloads: an entity pinned to a namespace selects among few */
  workloadsByNamespace: Map<string, WorkloadEntry[]>;
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

/** items indexed between two chances for the event loop to run */
const STEP = 2000;

/** Indexes one cluster, pausing (`yield`) every STEP items. */
function* indexCluster({
  cluster,
  report,
}: ClusterSnapshot): Generator<void, IndexedCluster> {
  const workloads = workloadEntries(report.workloads);
  const workloadsByLabel = new Map<string, WorkloadEntry[]>();
  const workloadsByNamespace = new Map<string, WorkloadEntry[]>();
  for (const [i, workload] of workloads.entries()) {
    if (i % STEP === STEP - 1) yield;
    push(workloadsByNamespace, workload.namespace, workload);
    for (const [key, value] of Object.entries(workload.labels)) {
      push(workloadsByLabel, labelKey(key, value), workload);
    }
  }
  const findingsBySubject = new Map<string, Finding[]>();
  for (const [i, finding] of report.findings.entries()) {
    if (i % STEP === STEP - 1) yield;
    push(findingsBySubject, finding.subject, finding);
  }
  yield;
  const servicesByName = new Map(report.services.map(s => [s.service, s]));
  return {
    cluster,
    report,
    workloads,
    workloadsByLabel,
    workloadsByNamespace,
    findingsBySubject,
    servicesByName,
  };
}

/** Indexes at once: small snapshots, tests. */
export function indexSnapshot(
  revision: string,
  snapshot: MeshSnapshot,
): IndexedSnapshot {
  const clusters = snapshot.clusters.map(cluster => {
    const steps = indexCluster(cluster);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  });
  return { revision, snapshot, clusters };
}

/** Indexes with the event loop let through: what the store does with a refreshed snapshot. */
export async function indexSnapshotYielding(
  revision: string,
  snapshot: MeshSnapshot,
): Promise<IndexedSnapshot> {
  const yieldNow = createYielder();
  const clusters: IndexedCluster[] = [];
  for (const cluster of snapshot.clusters) {
    const steps = indexCluster(cluster);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        clusters.push(step.value);
        break;
      }
      await yieldNow();
    }
  }
  return { revision, snapshot, clusters };
}
