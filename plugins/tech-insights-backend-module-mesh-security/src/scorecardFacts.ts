/**
 * Team scorecard → Tech Insights facts: pure, no I/O. The grade and score are
 * the scorecard's own, computed once by the mesh-security backend with
 * `computeGrade` of the common package; they are copied, never recomputed, so
 * the facts and the Group page cannot disagree, "no grade" (no workloads)
 * included. Unknown values are `null`, never omitted (see postureFacts.ts for
 * why).
 */
import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import type {
  Grade,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';

/** @public */
export const MESH_SECURITY_TEAM_FACT_RETRIEVER_ID =
  'meshSecurityTeamFactRetriever';

/** Values one group's fact row holds; see {@link meshSecurityTeamFactSchema}. @public */
export interface MeshSecurityTeamFacts {
  [fact: string]: string | number | null;
  grade: string | null;
  score: number | null;
  services: number;
  strictShare: number | null;
  mtlsTrafficShare: number | null;
  criticalFindings: number | null;
  highFindings: number | null;
}

/** @public */
export const meshSecurityTeamFactSchema: FactSchema = {
  grade: {
    type: 'string',
    description:
      "Mesh security grade A..F of the team, the team scorecard's own (as on the Group page); null when no workload of the team's services was found (or it owns none with Kubernetes annotations): nothing to grade; null too when some objects of their clusters could not be read",
  },
  score: {
    type: 'float',
    description:
      'Mesh security score 0..100 behind the team grade; null exactly when the grade is',
  },
  services: {
    type: 'integer',
    description:
      'Number of services (Components and Resources with Kubernetes annotations) the team owns',
  },
  strictShare: {
    type: 'float',
    description:
      "Share (0..1) of the team's workloads that enforce STRICT mTLS; null without workloads",
  },
  mtlsTrafficShare: {
    type: 'float',
    description:
      "Share (0..1) of the team's inbound traffic that is mTLS; null without traffic metrics",
  },
  criticalFindings: {
    type: 'integer',
    description:
      "Number of critical mesh security findings on the team's services; null when no workload of them was found or some objects of their clusters could not be read",
  },
  highFindings: {
    type: 'integer',
    description:
      "Number of high mesh security findings on the team's services; null when no workload of them was found or some objects of their clusters could not be read",
  },
};

const GRADES: ReadonlySet<string> = new Set<Grade>([
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
]);

const isGrade = (value: unknown): value is Grade =>
  typeof value === 'string' && GRADES.has(value);
const isScore = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0;
const isShare = (value: unknown): value is number | null =>
  value === null || (typeof value === 'number' && value >= 0 && value <= 1);

/** What is wrong with a scorecard the backend sent, if anything. */
function invalidFields(scorecard: TeamScorecard): string[] {
  const invalid: string[] = [];
  // No workloads (strictShare null) means no grade and no score, and the
  // other way round: a grade for no workloads is an all-clear nobody earned.
  // Lists that could not be read (unknownKinds) withhold the grade too.
  const ungraded =
    scorecard.strictShare === null || !!scorecard.unknownKinds?.length;
  if (ungraded ? scorecard.grade !== null : !isGrade(scorecard.grade))
    invalid.push('grade');
  if (ungraded ? scorecard.score !== null : !isScore(scorecard.score))
    invalid.push('score');
  if (!isCount(scorecard.services)) invalid.push('services');
  if (!isShare(scorecard.strictShare)) invalid.push('strictShare');
  if (!isShare(scorecard.mtlsTrafficShare)) invalid.push('mtlsTrafficShare');
  const findings = scorecard.findingsBySeverity;
  if (typeof findings !== 'object' || findings === null)
    invalid.push('findingsBySeverity');
  else if (!isCount(findings.critical ?? 0) || !isCount(findings.high ?? 0))
    invalid.push('findingsBySeverity');
  return invalid;
}

/**
 * The fact row of one group. Throws on a malformed scorecard rather than
 * storing a grade nobody computed.
 *
 * @public
 */
export function scorecardToFacts(
  scorecard: TeamScorecard,
): MeshSecurityTeamFacts {
  const invalid = invalidFields(scorecard);
  if (invalid.length > 0) {
    throw new Error(
      `Malformed scorecard of ${scorecard.groupRef}: invalid ${invalid.join(
        ', ',
      )}`,
    );
  }
  // No workload found for the team's services (or it owns none): the
  // scorecard has no grade, and "0 findings" would be vacuous, not a clean
  // bill of health; the entity facts say null for "nothing deployed" too.
  const hasWorkloads = scorecard.strictShare !== null;
  // findings of clusters read in part are a lower bound: unknown, not clean
  const complete = !scorecard.unknownKinds?.length;
  const findings = scorecard.findingsBySeverity;
  return {
    grade: scorecard.grade,
    score: scorecard.score,
    services: scorecard.services,
    strictShare: scorecard.strictShare,
    mtlsTrafficShare: scorecard.mtlsTrafficShare,
    criticalFindings: hasWorkloads && complete ? findings.critical ?? 0 : null,
    highFindings: hasWorkloads && complete ? findings.high ?? 0 : null,
  };
}
