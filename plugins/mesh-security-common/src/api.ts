/**
 * Shapes the mesh-security backend serves over HTTP (see the backend README).
 */
import type {
  Coverage,
  Finding,
  MeshAssumptions,
  MtlsMode,
  ServiceTls,
  Severity,
  SuppressedFinding,
  WorkloadPosture,
} from './report';
import type { Health } from './metrics';
import type { Grade } from './grade';
import type { KubeObject } from './kube';
import type { FlowChange, SimulationResult } from './simulation';

/** Freshness of one data source. @public */
export interface SourceStatus {
  /** e.g. `kubernetes:prod-eu`, `manifests`, `prometheus`, `metrics-snapshot` */
  name: string;
  /** `custom`: a source a backend module added */
  kind:
    | 'kubernetes'
    | 'manifests'
    | 'prometheus'
    | 'metrics-snapshot'
    | 'custom';
  state: 'ok' | 'partial' | 'stale' | 'error';
  /** ISO time of the last successful read, if any */
  lastSuccessAt?: string;
  /** what went wrong (never contains credentials) */
  message?: string;
  /** e.g. `AuthorizationPolicy: forbidden (403)` for a partial read; kept while the source is stale */
  warnings?: string[];
  /** lists that could not be read this time, whose last good objects (read at `since`) are used instead */
  staleKinds?: Array<{ kind: string; since: string }>;
  /** lists that could not be read and were never read before: every result that depends on them is unknown */
  unknownKinds?: string[];
}

/** A workload as shown on an entity page. @public */
export interface EntityWorkload extends WorkloadPosture {
  cluster: string;
  /**
   * Lists of its cluster that could not be read (e.g. `AuthorizationPolicy`):
   * what depends on them (for AuthorizationPolicy: `authorization`) is unknown,
   * not empty. Absent when everything was read.
   */
  unknownKinds?: string[];
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
  /**
   * findings whose subject is one of the workloads, or a policy/service that
   * applies to them, each with the cluster it was found in (the same names can
   * exist in several clusters)
   */
  findings: Array<Finding & { cluster: string }>;
  /** suppressed findings of the same subjects, with the cluster they come from; absent from older backends */
  suppressed?: Array<SuppressedFinding & { cluster: string }>;
  coverage: {
    workloads: number;
    meshed: number;
    strict: number;
    mtlsTrafficShare: number | null;
  };
  summary: EntitySummary;
}

/** The one-line posture of an entity: what the overview card, tags and facts read. @public */
export interface EntitySummary {
  /**
   * STRICT/PERMISSIVE/DISABLE/NONE when all workloads agree, MIXED otherwise;
   * null without workloads or when what decides it could not be read
   */
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
  /** null when AuthorizationPolicies could not be read and none is known to apply */
  hasAuthorizationPolicy: boolean | null;
  strictReady: boolean;
  /**
   * Lists that could not be read in the clusters of the workloads (e.g.
   * `AuthorizationPolicy`): the findings are then a lower bound, and "no
   * finding" or "no policy" is unknown. Absent when everything was read.
   */
  unknownKinds?: string[];
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
   * team's services was found (`strictShare` null): nothing to grade; null
   * too when some of what the grade depends on could not be read
   * (`unknownKinds`): a grade on missing data would flatter.
   */
  grade: Grade | null;
  /** 0..100 behind the grade; null exactly when `grade` is. */
  score: number | null;
  entities: ScorecardEntity[];
  /** lists that could not be read in the clusters of the team's workloads; absent when everything was read */
  unknownKinds?: string[];
}

/**
 * GET /overview: everything at once, unpaged. Kept for older clients; a large
 * mesh makes it megabytes: read {@link MeshOverviewSummary} and the paged
 * `/overview/services` and `/overview/findings` instead.
 * @public
 */
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
  /** every suppressed finding, worst first, with its cluster; absent from older backends */
  suppressed?: Array<SuppressedFinding & { cluster: string }>;
  teams: TeamScorecard[];
}

/**
 * GET /overview/summary: the mesh at a glance, small whatever the mesh's size.
 * The services and findings themselves are paged: `/overview/services`,
 * `/overview/findings`.
 * @public
 */
export interface MeshOverviewSummary {
  generatedAt: string;
  sources: SourceStatus[];
  coverage: Coverage & { mtlsTrafficShare: number | null };
  totalRps: number | null;
  plaintextFlows: number;
  /** how many readable catalog entities matched workloads (the rows of `/overview/services`) */
  services: number;
  /** every finding of the mesh counted by severity (the rows of `/overview/findings`) */
  findingsBySeverity: Record<Severity, number>;
  /** every suppressed finding, worst first, with its cluster */
  suppressed: Array<SuppressedFinding & { cluster: string }>;
  /** one scorecard per owner group, worst first; `entities` is empty here: a team's services are on its own scorecard */
  teams: TeamScorecard[];
}

/** One page of a list the backend sorted and filtered. @public */
export interface ListPage<T> {
  items: T[];
  /** rows matching the filters, over all pages */
  total: number;
  offset: number;
  limit: number;
}

/** How `/overview/services` can be sorted; `findings` is worst first ascending. @public */
export type OverviewServiceSort =
  | 'findings'
  | 'name'
  | 'mode'
  | 'rps'
  | 'mtlsShare'
  | 'health';

/** How `/overview/findings` can be sorted; `severity` is most severe first ascending. @public */
export type OverviewFindingSort =
  | 'severity'
  | 'rule'
  | 'subject'
  | 'cluster'
  | 'reason';

/** Query of GET /overview/services. @public */
export interface OverviewServicesQuery {
  offset?: number;
  /** 1..100, default 25 */
  limit?: number;
  sort?: OverviewServiceSort;
  order?: 'asc' | 'desc';
  /** case-insensitive text in the entity ref or title */
  q?: string;
}

/** Query of GET /overview/findings. @public */
export interface OverviewFindingsQuery {
  offset?: number;
  /** 1..100, default 25 */
  limit?: number;
  /** only these severities */
  severity?: Severity[];
  sort?: OverviewFindingSort;
  order?: 'asc' | 'desc';
  /** case-insensitive text in the rule, subject, cluster or reason */
  q?: string;
}

/** The figures of an entity or a team after one refresh: one point of its posture history. @public */
export interface PosturePoint {
  /** ISO time of the refresh (the snapshot's `generatedAt`) */
  at: string;
  /** as in {@link EntitySummary}; a team's is its workloads' common mode, MIXED otherwise */
  mtlsMode: EntitySummary['mtlsMode'];
  workloads: number;
  meshed: number;
  strict: number;
  /** 0..1 of the workloads that are STRICT; null without workloads */
  strictShare: number | null;
  /** 0..1 of inbound traffic that is mTLS; null without traffic metrics */
  mtlsTrafficShare: number | null;
  /** inbound requests/s */
  rps: number | null;
  findingsBySeverity: Record<Severity, number>;
  /** `computeGrade` of the point; null without workloads or when `partial` */
  grade: Grade | null;
  score: number | null;
  /** some lists of its clusters could not be read: findings are a lower bound */
  partial: boolean;
}

/**
 * GET /entities/:namespace/:kind/:name/history?days=N and
 * GET /groups/:namespace/:name/history?days=N @public
 */
export interface PostureHistory {
  /** the entity, or the Group */
  subjectRef: string;
  /** the window asked for, 1..90 */
  days: number;
  /** ISO start of the window */
  from: string;
  /**
   * Oldest first. Every refresh of the last days is recorded (one point a day
   * before that, the day's last); a long window is thinned to the last point
   * of evenly spaced intervals, the latest point always included. Empty when
   * nothing was recorded yet.
   */
  points: PosturePoint[];
}

/** The catalog entity a workload belongs to (as the caller may read it), with its owners. @public */
export interface WorkloadEntity {
  entityRef: string;
  title?: string;
  /** owner refs (`group:default/commerce-team`), from `ownedBy` relations or `spec.owner` */
  owners: string[];
}

/** An observed flow a change would alter, with the caller's catalog entity when one matches it. @public */
export interface SimulatedFlow extends FlowChange {
  /** the entity whose workloads include `source`, absent when none the caller may read does */
  sourceEntity?: WorkloadEntity;
}

/** What a change would do in one cluster, judged against its objects and metrics of the last refresh. @public */
export interface ClusterSimulation extends Omit<SimulationResult, 'flows'> {
  cluster: string;
  /** when the objects and metrics simulated against were read and evaluated */
  evaluatedAt: string;
  flows: SimulatedFlow[];
  /** lists of the cluster that could not be read: what depends on them is not judged */
  unknownKinds?: string[];
}

/**
 * POST /simulate: `{ yaml, entityRef?, cluster? }` or `{ changes, entityRef?, cluster? }`.
 * Never applied to any cluster. @public
 */
export interface SimulationRequest {
  /** manifests of the change; an object annotated `mesh-security.io/change: delete` deletes its namesake */
  yaml?: string;
  /** the same as objects (a `kind: List` is read item by item) */
  changes?: KubeObject[];
  /** simulate in this entity's clusters (needs read access to the entity) */
  entityRef?: string;
  /** simulate in this cluster only */
  cluster?: string;
}

/** @public */
export interface SimulationResponse {
  /** `Kind namespace/name` of every changed object */
  changed: string[];
  /** one per cluster simulated: the entity's clusters, or those holding a namespace the change touches */
  clusters: ClusterSimulation[];
}

/** A least-privilege AuthorizationPolicy for one workload, simulated against the observed traffic. @public */
export interface AuthorizationProposalView {
  cluster: string;
  /** `namespace/name` */
  workload: string;
  policy: KubeObject;
  yaml: string;
  /** principals named one by one */
  principals: string[];
  /** namespaces granted whole: every workload of them was seen calling */
  namespaces: string[];
  /** callers without an identity: no ALLOW rule by identity can admit them */
  unauthenticatedCallers: string[];
  /** the proposal applied as a change; "breaks nothing observed" when `breaking.flows` is 0 */
  simulation: ClusterSimulation;
}

/** POST /propose/authz `{ entityRef, workload?, cluster? }` @public */
export interface AuthorizationProposals {
  entityRef: string;
  /** one per workload of the entity (or the one asked for) */
  proposals: AuthorizationProposalView[];
}

/** Where one workload stands on the way to STRICT. @public */
export type StrictMigrationState =
  /** requires mTLS already */
  | 'strict'
  /** every observed call used mTLS: STRICT breaks no caller (`strict-ready`) */
  | 'ready'
  /** callers send it plaintext (`plaintext-traffic-observed`): STRICT would break them */
  | 'blocked'
  /** in the mesh but not judged ready: too little traffic, no metrics, a gateway, the root namespace */
  | 'unproven'
  /** no sidecar or ambient dataplane: a PeerAuthentication does not apply to it */
  | 'outside-mesh';

/** @public */
export interface StrictMigrationWorkload {
  /** `namespace/name` */
  workload: string;
  mtlsMode: MtlsMode;
  state: StrictMigrationState;
  /** why, in one sentence */
  reason: string;
  /** its catalog entity, when one the caller may read matches it */
  entity?: WorkloadEntity;
  /** callers observed sending it plaintext (`blocked`, or `outside-mesh` with no proxy to upgrade them), each with its catalog entity */
  plaintextCallers?: Array<{ workload: string; entity?: WorkloadEntity }>;
  /** `blocked`: callers beyond those named (the finding names the heaviest senders) */
  moreCallers?: number;
  /** `ready`: the PeerAuthentication for this workload alone */
  remediation?: string;
}

/** One namespace of one cluster on the way to STRICT. @public */
export interface StrictMigrationNamespace {
  cluster: string;
  namespace: string;
  /**
   * `strict`: every in-mesh workload requires mTLS; `ready`: namespace-wide
   * STRICT breaks no observed caller; `blocked`: some workload keeps it from
   * being safe (`blockers`); `outside-mesh`: no workload of it is in the mesh.
   */
  state: 'strict' | 'ready' | 'blocked' | 'outside-mesh';
  workloads: StrictMigrationWorkload[];
  /** the PeerAuthentication safe to apply now: namespace-wide STRICT, only when nothing blocks */
  safeToApply?: string;
  /** `namespace/name` of the workloads keeping namespace-wide STRICT from being safe */
  blockers: string[];
  /** lists of the cluster that could not be read (e.g. `PeerAuthentication`): modes may be wrong */
  unknownKinds?: string[];
}

/** GET /overview/strict-migration, optionally `?offset=&limit=` (a page of namespaces, at most 100) @public */
export interface StrictMigration {
  generatedAt: string;
  sources: SourceStatus[];
  /** false when no cluster had traffic metrics: nothing can be called ready or blocked */
  trafficJudged: boolean;
  /** blocked namespaces first, then ready, then the rest; by cluster and name within; with `limit`, that page of them */
  namespaces: StrictMigrationNamespace[];
  /**
   * The figures of all namespaces, whatever page was asked for. Absent from
   * servers that predate paging, which answer every namespace.
   */
  totals?: StrictMigrationTotals;
}

/** @public */
export interface StrictMigrationTotals {
  namespaces: number;
  /** namespaces per state */
  byState: Record<StrictMigrationNamespace['state'], number>;
  workloads: number;
  clusters: number;
}
