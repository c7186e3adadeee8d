/**
 * Team scorecard → Tech Insights facts: pure, no I/O. The grade and score are
 * the scorecard's own, computed once by the mesh-security backend with
 * `computeGrade` of the common package; they are copied, never recomputed, so
 * the facts and the Group page cannot disagree. Unknown values are `null`,
 * never omitted (see postureFacts.ts for why).
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
      "Mesh security grade A..F of the team, the team scorecard's own (as on the Group page); null when the team owns no service with Kubernetes annotations",
  },
  score: {
    type: 'float',
    description:
      'Mesh security score 0..100 behind the team grade; null when the team owns no service with Kubernetes annotations',
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
      "Number of critical mesh security findings on the team's services; null when the team owns no service with Kubernetes annotations",
  },
  highFindings: {
    type: 'integer',
    description:
      "Number of high mesh security findings on the team's services; null when the team owns no service with Kubernetes annotations",
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

const isCount = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0;
const isShare = (value: unknown): value is number | null =>
  value === null || (typeof value === 'number' && value >= 0 && value <= 1);

/** What is wrong with a scorecard the backend sent, if anything. */
function invalidFields(scorecard: TeamScorecard): string[] {
  const invalid: string[] = [];
  if (!GRADES.has(scorecard.grade)) invalid.push('grade');
  if (typeof scorecard.score !== 'number' || !Number.isFinite(scorecard.score))
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
  // A team that owns no annotated service has nothing to grade: the backend
  // still scores it 100 (nothing to deduct), but the Group page shows no grade
  // then, and the entity facts say null for "nothing deployed" too.
  if (scorecard.services === 0) {
    return {
      grade: null,
      score: null,
      services: 0,
      strictShare: null,
      mtlsTrafficShare: null,
      criticalFindings: null,
      highFindings: null,
    };
  }
  return {
    grade: scorecard.grade,
    score: scorecard.score,
    services: scorecard.services,
    strictShare: scorecard.strictShare,
    mtlsTrafficShare: scorecard.mtlsTrafficShare,
    criticalFindings: scorecard.findingsBySeverity.critical ?? 0,
    highFindings: scorecard.findingsBySeverity.high ?? 0,
  };
}
