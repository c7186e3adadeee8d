import { createApiRef } from '@backstage/core-plugin-api';
import type {
  EntityPosture,
  MeshOverview,
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
  /** Mesh-wide coverage, findings and team scorecards. */
  getOverview(): Promise<MeshOverview>;
}

/** @public */
export const meshSecurityApiRef = createApiRef<MeshSecurityApi>({
  id: 'plugin.mesh-security.api',
});
