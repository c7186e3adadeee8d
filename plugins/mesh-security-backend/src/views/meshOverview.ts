import type {
  Coverage,
  CoverageCount,
  Finding,
  MeshOverview,
  MeshOverviewSummary,
  ScorecardEntity,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import {
  compareTeamsWorstFirst,
  countBySeverity,
} from '@mesh-security/plugin-mesh-security-common';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';
import { compareFindings } from './summary';
import { meshSuppressed } from './suppressedFindings';
import { compareRows, MatchedEntity, teamScorecard } from './teamScorecard';
import { ownerRefs } from '../entities/ownership';
import { createYielder } from '../worker/yieldToLoop';

type ClusterFinding = Finding & { cluster: string };

function addCount(into: CoverageCount, from: CoverageCount) {
  into.workloads += from.workloads;
  into.meshed += from.meshed;
  into.strict += from.strict;
}

/** Coverage of every cluster summed; namespaces of the same name in two clusters are summed too. */
function sumCoverage(view: IndexedSnapshot): Coverage {
  const total: Coverage = {
    workloads: 0,
    meshed: 0,
    strict: 0,
    byNamespace: {},
  };
  for (const { report } of view.clusters) {
    addCount(total, report.coverage);
    for (const [ns, count] of Object.entries(report.coverage.byNamespace)) {
      total.byNamespace[ns] ??= { workloads: 0, meshed: 0, strict: 0 };
      addCount(total.byNamespace[ns], count);
    }
  }
  return total;
}

export function groupByOwnerGroup(
  entities: MatchedEntity[],
): Map<string, MatchedEntity[]> {
  const byOwner = new Map<string, MatchedEntity[]>();
  for (const entity of entities) {
    for (const owner of ownerRefs(entity.entity)) {
      if (!owner.startsWith('group:')) continue;
      const list = byOwner.get(owner) ?? [];
      list.push(entity);
      byOwner.set(owner, list);
    }
  }
  return byOwner;
}

/** Every finding of the mesh, worst first, with its cluster; listed once per snapshot. */
const findingsOfView = new WeakMap<
  IndexedSnapshot,
  Promise<ClusterFinding[]>
>();

/** findings copied between two chances for the event loop to run */
const STEP = 2000;

async function listMeshFindings(
  view: IndexedSnapshot,
): Promise<ClusterFinding[]> {
  // copying a 4x mesh's 67,705 findings at once held the loop ~100 ms
  const yieldNow = createYielder();
  const findings: ClusterFinding[] = [];
  for (const { cluster, report } of view.clusters) {
    for (const finding of report.findings) {
      if (findings.length % STEP === 0) await yieldNow();
      findings.push({ ...finding, cluster });
    }
  }
  // each cluster's list is in this order already (see compareFindings): the sort merges them
  return findings.sort(
    (a, b) => compareFindings(a, b) || a.cluster.localeCompare(b.cluster),
  );
}

export function meshFindings(view: IndexedSnapshot): Promise<ClusterFinding[]> {
  let findings = findingsOfView.get(view);
  if (!findings) {
    findings = listMeshFindings(view);
    findingsOfView.set(view, findings);
  }
  return findings;
}

/** Entities that matched workloads, worst first: the overview's services. */
export function meshServices(entities: MatchedEntity[]): ScorecardEntity[] {
  return entities
    .filter(e => e.match.workloads.length > 0)
    .map(e => e.row)
    .sort(compareRows);
}

function meshTraffic(view: IndexedSnapshot) {
  let totalRps: number | null = null;
  let plaintextFlows = 0;
  let weighted = 0;
  let known = 0;
  for (const { report } of view.clusters) {
    const traffic = report.traffic;
    if (!traffic) continue;
    totalRps = (totalRps ?? 0) + traffic.totalRps;
    plaintextFlows += traffic.plaintextFlows;
    if (traffic.mtlsShare !== null && traffic.totalRps > 0) {
      weighted += traffic.mtlsShare * traffic.totalRps;
      known += traffic.totalRps;
    }
  }
  return {
    totalRps,
    plaintextFlows,
    mtlsTrafficShare: known > 0 ? weighted / known : null,
  };
}

/**
 * What the overview derives from the matched entities: their rows, worst
 * first, and their owner groups' scorecards, untitled. Small, and the costly
 * part (matching parses every matched workload), so the routes keep it per
 * snapshot and entity set.
 */
export interface MatchedOverview {
  services: ScorecardEntity[];
  teams: TeamScorecard[];
}

export function matchedOverview(entities: MatchedEntity[]): MatchedOverview {
  const teams: TeamScorecard[] = [];
  for (const [ref, owned] of groupByOwnerGroup(entities)) {
    teams.push(teamScorecard({ ref }, owned));
  }
  return { services: meshServices(entities), teams };
}

function meshTeams(
  teams: TeamScorecard[],
  groupTitles: Map<string, string | undefined>,
): TeamScorecard[] {
  return teams
    .map(team => ({ ...team, title: groupTitles.get(team.groupRef) }))
    .sort(compareTeamsWorstFirst);
}

/** What the summary and the whole overview both open with: the snapshot's time, sources, coverage and traffic. */
function overviewHead(view: IndexedSnapshot) {
  const { mtlsTrafficShare, ...traffic } = meshTraffic(view);
  return {
    generatedAt: view.snapshot.generatedAt,
    sources: view.snapshot.sources,
    coverage: { ...sumCoverage(view), mtlsTrafficShare },
    ...traffic,
    suppressed: meshSuppressed(view),
  };
}

/**
 * The mesh at a glance, without the services and findings themselves: their
 * counts only, so the answer stays small however large the mesh. Teams come
 * without their entity rows for the same reason.
 */
export async function meshOverviewSummary(
  view: IndexedSnapshot,
  matched: MatchedOverview,
  groupTitles: Map<string, string | undefined>,
): Promise<MeshOverviewSummary> {
  return {
    ...overviewHead(view),
    services: matched.services.length,
    findingsBySeverity: countBySeverity(await meshFindings(view)),
    teams: meshTeams(matched.teams, groupTitles).map(team => ({
      ...team,
      entities: [],
    })),
  };
}

/**
 * Everything at once (GET /overview, kept for older clients). `matched`
 * comes from the catalog entities with Kubernetes annotations the caller may
 * read; `groupTitles` names their owner groups.
 */
export async function meshOverview(
  view: IndexedSnapshot,
  matched: MatchedOverview,
  groupTitles: Map<string, string | undefined>,
): Promise<MeshOverview> {
  return {
    ...overviewHead(view),
    services: matched.services,
    findings: await meshFindings(view),
    teams: meshTeams(matched.teams, groupTitles),
  };
}
