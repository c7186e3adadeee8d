/**
 * Posture → Tech Insights facts: pure, no I/O. Unknown values are `null`, never
 * omitted: the json-rules-engine checker silently skips a check whose fact key
 * is missing from the row (and may then read a same-named fact of another
 * retriever), while `null` makes `equal` and the numeric operators fail — an
 * unknown posture must never pass a check.
 */
import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import {
  computeGrade,
  type EntityPosture,
} from '@mesh-security/plugin-mesh-security-common';

/** @public */
export const MESH_SECURITY_FACT_RETRIEVER_ID = 'meshSecurityFactRetriever';

/** Values one entity's fact row holds; see {@link meshSecurityFactSchema}. @public */
export interface MeshSecurityFacts {
  [fact: string]: string | number | boolean | string[] | null;
  mtlsMode: string | null;
  strictCoverage: number | null;
  mtlsTrafficShare: number | null;
  meshedWorkloadRatio: number | null;
  plaintextCallers: number | null;
  plaintextCallerWorkloads: string[];
  criticalFindings: number | null;
  highFindings: number | null;
  findingClusters: string[];
  hasAuthorizationPolicy: boolean | null;
  grade: string | null;
  score: number | null;
}

/** @public */
export const meshSecurityFactSchema: FactSchema = {
  mtlsMode: {
    type: 'string',
    description:
      'Effective inbound mTLS mode of the workloads: STRICT, PERMISSIVE, DISABLE, NONE (no proxy) or MIXED; null when no workload matched the Kubernetes annotations',
  },
  strictCoverage: {
    type: 'float',
    description:
      'Share (0..1) of the workloads that enforce STRICT mTLS; null without workloads',
  },
  mtlsTrafficShare: {
    type: 'float',
    description:
      'Share (0..1) of inbound traffic that is mTLS; null without traffic metrics',
  },
  meshedWorkloadRatio: {
    type: 'float',
    description:
      'Share (0..1) of the workloads that run in the mesh (sidecar or ambient); null without workloads',
  },
  plaintextCallers: {
    type: 'integer',
    description:
      'Number of callers observed sending plaintext to the workloads; null without workloads or without traffic metrics (unobserved is not zero)',
  },
  plaintextCallerWorkloads: {
    type: 'set',
    description:
      '`namespace/workload` of the callers observed sending plaintext',
  },
  criticalFindings: {
    type: 'integer',
    description:
      'Number of critical mesh security findings; null without workloads or when some objects could not be read (the count would be a lower bound)',
  },
  highFindings: {
    type: 'integer',
    description:
      'Number of high mesh security findings; null without workloads or when some objects could not be read (the count would be a lower bound)',
  },
  findingClusters: {
    type: 'set',
    description:
      'Clusters the findings of the workloads were found in (the same namespace and workload names can exist in several clusters)',
  },
  hasAuthorizationPolicy: {
    type: 'boolean',
    description:
      'Whether an Istio AuthorizationPolicy applies to the workloads; null when AuthorizationPolicies could not be read and none is known to apply',
  },
  grade: {
    type: 'string',
    description:
      'Mesh security grade A..F (the scorecard formula); null without workloads or when some objects could not be read',
  },
  score: {
    type: 'float',
    description:
      'Mesh security score 0..100 behind the grade; null exactly when the grade is',
  },
};

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The fact row of one entity. @public */
export function postureToFacts(posture: EntityPosture): MeshSecurityFacts {
  const { coverage, summary } = posture;
  const findings = summary.findingsBySeverity;
  const hasWorkloads = coverage.workloads > 0;
  // Lists the backend could not read (e.g. AuthorizationPolicy): the findings
  // are a lower bound, so counts and grade are unknown, never "clean"; with
  // workloads, a null mode means what decides it could not be read.
  const complete = !summary.unknownKinds?.length;
  const modeKnown = complete || summary.mtlsMode !== null;
  const strictCoverage = modeKnown
    ? share(coverage.strict, coverage.workloads)
    : null;
  const mtlsTrafficShare = coverage.mtlsTrafficShare ?? null;
  // "No plaintext caller" only means something when traffic was observed.
  const trafficObserved =
    summary.plaintextCallers.length > 0 ||
    summary.rps !== null ||
    mtlsTrafficShare !== null ||
    posture.workloads.some(workload => workload.traffic !== undefined);
  // Without workloads strictCoverage is null and computeGrade gives no grade
  // (null, null) rather than an A nobody earned.
  const graded = complete
    ? computeGrade({
        strictShare: strictCoverage,
        mtlsTrafficShare,
        findingsBySeverity: findings,
      })
    : { grade: null, score: null };
  return {
    mtlsMode: summary.mtlsMode,
    strictCoverage,
    mtlsTrafficShare,
    meshedWorkloadRatio: modeKnown
      ? share(coverage.meshed, coverage.workloads)
      : null,
    plaintextCallers:
      hasWorkloads && trafficObserved ? summary.plaintextCallers.length : null,
    plaintextCallerWorkloads: [...summary.plaintextCallers].sort(),
    // With no workloads "0 findings" is vacuous, not a clean bill of health.
    criticalFindings: hasWorkloads && complete ? findings.critical ?? 0 : null,
    highFindings: hasWorkloads && complete ? findings.high ?? 0 : null,
    findingClusters: [
      ...new Set((posture.findings ?? []).map(f => f.cluster)),
    ].sort(),
    hasAuthorizationPolicy: summary.hasAuthorizationPolicy ?? null,
    grade: graded.grade,
    score: graded.score,
  };
}
