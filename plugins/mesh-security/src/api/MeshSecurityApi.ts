import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuthorizationProposals,
  EntityPosture,
  Finding,
  ListPage,
  MeshOverview,
  MeshOverviewSummary,
  OverviewFindingsQuery,
  OverviewServicesQuery,
  PostureHistory,
  SimulationRequest,
  SimulationResponse,
  StrictMigration,
  ScorecardEntity,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';

/**
 * An entity given either as a string ref (`component:default/payment-service`)
 * or as its parts.
 * @public
 */
export type MeshSecurityEntityRef =
  | string
  | { namespace?: string; kind: string; name: string };

/**
 * Reads the mesh-security backend (`/api/mesh-security`).
 * @public
 */
export interface MeshSecurityApi {
  /** Posture of the workloads an entity's Kubernetes annotations match. */
  getEntityPosture(entityRef: MeshSecurityEntityRef): Promise<EntityPosture>;
  /** Scorecard of one team; the ref defaults to kind Group. */
  getTeamScorecard(
    groupRef: string | { namespace?: string; name: string },
  ): Promise<TeamScorecard>;
  /** Mesh-wide coverage, findings and team scorecards, all at once (megabytes on a large mesh). */
  getOverview(): Promise<MeshOverview>;
  /**
   * The overview's figures, counts and team scorecards without the lists.
   * Optional, like the two below: an API without all three makes the
   * overview page read `getOverview` instead.
   */
  getOverviewSummary?(): Promise<MeshOverviewSummary>;
  /** One page of the overview's services, sorted and filtered by the backend. */
  getOverviewServices?(
    query: OverviewServicesQuery,
  ): Promise<ListPage<ScorecardEntity>>;
  /** One page of the mesh's findings, sorted and filtered by the backend. */
  getOverviewFindings?(
    query: OverviewFindingsQuery,
  ): Promise<ListPage<Finding & { cluster: string }>>;
  /**
   * The entity's posture over the last `days` (1..90, default 30). Optional,
   * like `simulateChange`: without it the trend charts are not shown.
   */
  getEntityHistory?(
    entityRef: MeshSecurityEntityRef,
    options?: { days?: number },
  ): Promise<PostureHistory>;
  /** A team's posture over the last `days` (1..90, default 30); optional, like `getEntityHistory`. */
  getTeamHistory?(
    groupRef: string | { namespace?: string; name: string },
    options?: { days?: number },
  ): Promise<PostureHistory>;
  /**
   * What-if: what a change would do to postures, findings and observed
   * flows, against the objects of the last refresh; never applied anywhere.
   * Optional so that APIs written before it keep compiling; the What-if
   * panel is not shown without it.
   */
  simulateChange?(request: SimulationRequest): Promise<SimulationResponse>;
  /** A least-privilege AuthorizationPolicy per workload of an entity, from its observed callers. */
  proposeAuthorization?(request: {
    entityRef: string;
    workload?: string;
    cluster?: string;
  }): Promise<AuthorizationProposals>;
  /**
   * Per namespace, the way to STRICT (optional, like `simulateChange`); a
   * page of namespaces when `limit` is given. A backend that predates paging
   * answers every namespace and no `totals`.
   */
  getStrictMigration?(page?: {
    offset?: number;
    limit?: number;
  }): Promise<StrictMigration>;
}

/** @public */
export const meshSecurityApiRef = createApiRef<MeshSecurityApi>({
  id: 'plugin.mesh-security.api',
});
