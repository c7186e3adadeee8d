/**
 * Shapes the mesh-security backend serves over HTTP (see the backend README).
 */
import type { Coverage, Finding, MeshAssumptions, ServiceTls, Severity, WorkloadPosture } from './report';
import type { Health } from './metrics';
import type { Grade } from './grade';

/** Freshness of one data source. @public */
export interface SourceStatus {
  /** e.g. `kubernetes:prod-eu`, `manifests`, `prometheus`, `metrics-snapshot` */
  name: string;
  kind: 'kubernetes' | 'manifests' | 'prometheus' | 'metrics-snapshot';
  state: 'ok' | 'partial' | 'stale' | 'error';
  /** ISO time of the last successful read, if any */
  lastSuccessAt?: string;
  /** what went wrong (never contains credentials) */
  message?: string;
  /** e.g. `AuthorizationPolicy: forbidden (403)` for a partial read */
  warnings?: string[];
}

/** A workload as shown on an entity page. @public */
export interface EntityWorkload extends WorkloadPosture {
  cluster: string;
}

/** GET /entity/:namespace/:kind/:name @public */
export interface EntityPosture {
  entityRef: string;
  generatedAt: string;
  sources: SourceStatus[];
  assumptions: Record<string, MeshAssumptions>;
  /** workloads matched by the Kubernetes plugin's annotations */
  workloads: EntityWorkload[];
  /** Services selecting those workloads, with client TLS per client namespace */
  services: Array<ServiceTls & { cluster: string }>;
  /** findings whose subject is one of the workloads, or a policy/service that applies to them */
  findings: Finding[];
  coverage: { workloads: number; meshed: number; strict: number; mtlsTrafficShare: number | null };
  summary: EntitySummary;
}

/** The one-line posture of an entity: what the overview card, tags and facts read. @public */
export interface EntitySummary {
  /** STRICT/PERMISSIVE/DISABLE/NONE when all workloads agree, MIXED otherwise, null without workloads */
  mtlsMode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE' | 'MIXED' | null;
  meshed: boolean;
  worstSeverity: Severity | null;
  findingsBySeverity: Record<Severity, number>;
  /** inbound requests/s */
  rps: number | null;
  mtlsTrafficShare: number | null;
  health: Health | null;
  /** `namespace/workload` of callers observed sending plaintext */
  plaintextCallers: string[];
  hasAuthorizationPolicy: boolean;
  strictReady: boolean;
}

/** @public */
export interface ScorecardEntity {
  entityRef: string;
  title?: string;
  summary: EntitySummary;
}

/** GET /group/:namespace/:name/scorecard (and one row of the overview) @public */
export interface TeamScorecard {
  groupRef: string;
  title?: string;
  services: number;
  /** 0..1 of the team's workloads that are STRICT */
  strictShare: number | null;
  /** 0..1 of the team's inbound traffic that is mTLS */
  mtlsTrafficShare: number | null;
  findingsBySeverity: Record<Severity, number>;
  /**
   * `computeGrade` of the team's workloads; null when no workload of the
   * team's services was found (`strictShare` null): nothing to grade.
   */
  grade: Grade | null;
  /** 0..100 behind the grade; null exactly when `grade` is. */
  score: number | null;
  entities: ScorecardEntity[];
}

/** GET /overview @public */
export interface MeshOverview {
  generatedAt: string;
  sources: SourceStatus[];
  coverage: Coverage & { mtlsTrafficShare: number | null };
  totalRps: number | null;
  plaintextFlows: number;
  /** every catalog entity with Kubernetes annotations that matched workloads, worst first */
  services: ScorecardEntity[];
  /** all findings, worst first, with the cluster they come from */
  findings: Array<Finding & { cluster: string }>;
  teams: TeamScorecard[];
}
