import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  EntityPosture,
  EntityWorkload,
  Finding,
  MeshAssumptions,
  ServiceTls,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import {
  findEntityWorkloads,
  WorkloadQuery,
  workloadQueryForEntity,
} from '../entities/entityWorkloads';
import type {
  IndexedCluster,
  IndexedSnapshot,
} from '../snapshot/IndexedSnapshot';
import { compareFindings, mtlsTrafficShare, summarizeEntity } from './summary';
import { entitySuppressed } from './suppressedFindings';
import { unknownKindsByCluster } from './unknownKinds';

/** What belongs to an entity, before it is shaped for one view. */
export interface EntityMatch {
  workloads: EntityWorkload[];
  services: Array<ServiceTls & { cluster: string }>;
  /** the same finding object is returned once even when several workloads reach it */
  findings: Array<{ cluster: string; finding: Finding }>;
  clusters: string[];
}

/** Subjects whose findings concern a workload: itself, its policies, its Services, its namespace. */
function subjectsOf(workload: WorkloadPosture): string[] {
  const subjects = [
    `${workload.namespace}/${workload.name}`,
    `/${workload.namespace}`,
  ];
  subjects.push(...workload.authorization.policies);
  for (const step of workload.decisionChain) {
    if (step.policy) subjects.push(step.policy);
  }
  subjects.push(...workload.services);
  return subjects;
}

function matchInCluster(
  query: WorkloadQuery,
  cluster: IndexedCluster,
  into: EntityMatch,
  unknownKinds: string[] | undefined,
) {
  const workloads = findEntityWorkloads(query, cluster);
  if (workloads.length === 0) return;
  into.clusters.push(cluster.cluster);
  const seenFindings = new Set<Finding>();
  const seenServices = new Set<string>();
  for (const workload of workloads) {
    into.workloads.push({
      ...workload,
      cluster: cluster.cluster,
      ...(unknownKinds && { unknownKinds }),
    });
    for (const subject of subjectsOf(workload)) {
      for (const finding of cluster.findingsBySubject.get(subject) ?? []) {
        if (seenFindings.has(finding)) continue;
        seenFindings.add(finding);
        into.findings.push({ cluster: cluster.cluster, finding });
      }
    }
    for (const name of workload.services) {
      const service = cluster.servicesByName.get(name);
      if (!service || seenServices.has(name)) continue;
      seenServices.add(name);
      into.services.push({ ...service, cluster: cluster.cluster });
    }
  }
}

/** Throws LabelSelectorSyntaxError for an unusable selector annotation. */
export function matchEntity(
  view: IndexedSnapshot,
  entity: Entity,
): EntityMatch {
  const match: EntityMatch = {
    workloads: [],
    services: [],
    findings: [],
    clusters: [],
  };
  const query = workloadQueryForEntity(entity);
  if (!query) return match;
  const unknownKinds = unknownKindsByCluster(view);
  for (const cluster of view.clusters) {
    matchInCluster(query, cluster, match, unknownKinds.get(cluster.cluster));
  }
  match.findings.sort(
    (a, b) =>
      compareFindings(a.finding, b.finding) ||
      a.cluster.localeCompare(b.cluster),
  );
  return match;
}

export function entityPosture(
  view: IndexedSnapshot,
  entity: Entity,
): EntityPosture {
  const match = matchEntity(view, entity);
  const findings = match.findings.map(f => ({
    ...f.finding,
    cluster: f.cluster,
  }));
  const assumptions: Record<string, MeshAssumptions> = {};
  for (const cluster of view.clusters) {
    if (match.clusters.includes(cluster.cluster)) {
      assumptions[cluster.cluster] = cluster.report.assumptions;
    }
  }
  return {
    entityRef: stringifyEntityRef(entity),
    generatedAt: view.snapshot.generatedAt,
    sources: view.snapshot.sources,
    assumptions,
    workloads: match.workloads,
    services: match.services,
    findings,
    suppressed: entitySuppressed(view, match.workloads, subjectsOf),
    coverage: {
      workloads: match.workloads.length,
      meshed: match.workloads.filter(w => w.inMesh).length,
      strict: match.workloads.filter(w => w.mtlsMode === 'STRICT').length,
      mtlsTrafficShare: mtlsTrafficShare(match.workloads),
    },
    summary: summarizeEntity(match.workloads, findings),
  };
}
