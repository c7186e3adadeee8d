import {
  computeGrade,
  type Severity,
  type TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';

/**
 * Builds a TeamScorecard the way the backend does: grade and score from the
 * shared formula over the team's shares and findings.
 */
export function scorecard(
  groupRef: string,
  parts: {
    services: number;
    strictShare: number | null;
    mtlsTrafficShare: number | null;
    findings?: Partial<Record<Severity, number>>;
  },
): TeamScorecard {
  const findingsBySeverity = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
    ...parts.findings,
  };
  const { strictShare, mtlsTrafficShare } = parts;
  return {
    groupRef,
    services: parts.services,
    strictShare,
    mtlsTrafficShare,
    findingsBySeverity,
    ...computeGrade({ strictShare, mtlsTrafficShare, findingsBySeverity }),
    entities: [],
  };
}

/** commerce-team of the reference scenario: legacy-service outside the mesh, in plaintext. */
export const commerceTeam = scorecard('group:default/commerce-team', {
  services: 3,
  strictShare: 2 / 3,
  mtlsTrafficShare: 4000 / 4200,
  findings: { high: 1, medium: 1 },
});

/** platform-team: STRICT, all mTLS, two medium findings (unknown principals). */
export const platformTeam = scorecard('group:default/platform-team', {
  services: 1,
  strictShare: 1,
  mtlsTrafficShare: 1,
  findings: { medium: 2 },
});

/** A group that owns no service with Kubernetes annotations: no grade. */
export const emptyTeam = scorecard('group:default/docs-team', {
  services: 0,
  strictShare: null,
  mtlsTrafficShare: null,
});

/** A group whose two annotated services match no workload (not deployed yet): no grade. */
export const undeployedTeam = scorecard('group:default/new-team', {
  services: 2,
  strictShare: null,
  mtlsTrafficShare: null,
});
