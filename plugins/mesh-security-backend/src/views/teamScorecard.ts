import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  computeGrade,
  countBySeverity,
  EntityWorkload,
  Finding,
  ScorecardEntity,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';
import { EntityMatch, matchEntity } from './entityPosture';
import {
  mtlsTrafficShare,
  severityRank,
  strictShare,
  summarizeEntity,
} from './summary';
import { unknownKindsOf } from './unknownKinds';

/** An entity's match, computed once and shared by the overview's rows and its team scorecards. */
export interface MatchedEntity {
  entity: Entity;
  entityRef: string;
  match: EntityMatch;
  row: ScorecardEntity;
}

export function matchEntities(
  view: IndexedSnapshot,
  entities: Entity[],
): MatchedEntity[] {
  const matched: MatchedEntity[] = [];
  for (const entity of entities) {
    let match: EntityMatch;
    try {
      match = matchEntity(view, entity);
    } catch {
      // an unusable selector annotation: the entity page reports it; aggregates skip the entity
      continue;
    }
    const entityRef = stringifyEntityRef(entity);
    matched.push({
      entity,
      entityRef,
      match,
      row: {
        entityRef,
        title: entity.metadata.title,
        summary: summarizeEntity(
          match.workloads,
          match.findings.map(f => f.finding),
        ),
      },
    });
  }
  return matched;
}

/** Worst first: worst severity, then how many of it, then name. */
export function compareRows(a: ScorecardEntity, b: ScorecardEntity): number {
  const rank =
    severityRank(a.summary.worstSeverity) -
    severityRank(b.summary.worstSeverity);
  if (rank !== 0) return rank;
  const worst = a.summary.worstSeverity;
  const count = worst
    ? b.summary.findingsBySeverity[worst] - a.summary.findingsBySeverity[worst]
    : 0;
  return count || a.entityRef.localeCompare(b.entityRef);
}

/**
 * One team's posture. A workload or finding shared by two of the team's
 * entities counts once, so splitting a service into two entities does not
 * change the grade. A team whose services match no workload gets no grade
 * (`computeGrade`): null, never the formula's 100. Nor does a team whose
 * workloads' clusters could not be read in full (`unknownKinds`): missing
 * policies or findings would only flatter the grade.
 */
export function teamScorecard(
  group: { ref: string; title?: string },
  entities: MatchedEntity[],
): TeamScorecard {
  const workloads = new Map<string, EntityWorkload>();
  const findings = new Set<Finding>();
  for (const { match } of entities) {
    for (const w of match.workloads)
      workloads.set(`${w.cluster}/${w.namespace}/${w.name}`, w);
    for (const f of match.findings) findings.add(f.finding);
  }
  const all = [...workloads.values()];
  const findingsBySeverity = countBySeverity(findings);
  const shares = {
    strictShare: strictShare(all),
    mtlsTrafficShare: mtlsTrafficShare(all),
  };
  const unknownKinds = unknownKindsOf(all);
  const { grade, score } =
    unknownKinds.length > 0
      ? { grade: null, score: null }
      : computeGrade({ ...shares, findingsBySeverity });
  return {
    groupRef: group.ref,
    title: group.title,
    services: entities.length,
    ...shares,
    findingsBySeverity,
    grade,
    score,
    entities: entities.map(e => e.row).sort(compareRows),
    ...(unknownKinds.length > 0 && { unknownKinds }),
  };
}
