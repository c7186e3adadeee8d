import {
  computeGrade,
  type EntityWorkload,
  type Finding,
} from '@mesh-security/plugin-mesh-security-common';
import { groupByOwnerGroup } from '../views/meshOverview';
import { strictShare, summarizeEntity } from '../views/summary';
import type { MatchedEntity } from '../views/teamScorecard';
import type { HistoryPointRecord, HistoryScope } from './types';

/**
 * The figures of some workloads and their findings, computed by the same
 * functions as the entity summary and the team scorecard, so a point and the
 * page it is plotted next to cannot disagree.
 */
function pointOf(
  scope: HistoryScope,
  subject: string,
  at: number,
  workloads: EntityWorkload[],
  findings: Finding[],
): HistoryPointRecord {
  const summary = summarizeEntity(workloads, findings);
  const partial = !!summary.unknownKinds?.length;
  const share = strictShare(workloads);
  // a grade on lists that could not be read would flatter: none, as on the scorecard
  const { grade, score } = partial
    ? { grade: null, score: null }
    : computeGrade({
        strictShare: share,
        mtlsTrafficShare: summary.mtlsTrafficShare,
        findingsBySeverity: summary.findingsBySeverity,
      });
  return {
    scope,
    subject: subject.toLocaleLowerCase('en-US'),
    at,
    mtlsMode: summary.mtlsMode,
    workloads: workloads.length,
    meshed: workloads.filter(w => w.inMesh).length,
    strict: workloads.filter(w => w.mtlsMode === 'STRICT').length,
    mtlsTrafficShare: summary.mtlsTrafficShare,
    rps: summary.rps,
    findingsBySeverity: summary.findingsBySeverity,
    grade,
    score,
    partial,
  };
}

/**
 * One point per entity and one per owning Group for a refresh at `at`. A
 * team's workloads and findings count once even when two of its entities
 * reach them, as on its scorecard.
 */
export function historyPoints(
  at: number,
  entities: MatchedEntity[],
): HistoryPointRecord[] {
  const points = entities.map(({ entityRef, match }) =>
    pointOf(
      'entity',
      entityRef,
      at,
      match.workloads,
      match.findings.map(f => f.finding),
    ),
  );
  for (const [groupRef, owned] of groupByOwnerGroup(entities)) {
    const workloads = new Map<string, EntityWorkload>();
    const findings = new Set<Finding>();
    for (const { match } of owned) {
      for (const w of match.workloads)
        workloads.set(`${w.cluster}/${w.namespace}/${w.name}`, w);
      for (const f of match.findings) findings.add(f.finding);
    }
    points.push(
      pointOf('team', groupRef, at, [...workloads.values()], [...findings]),
    );
  }
  return points;
}
