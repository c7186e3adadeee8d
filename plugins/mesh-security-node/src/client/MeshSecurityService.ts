import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  EntityPosture,
  PostureHistory,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';

/** @public */
export interface MeshSecurityRequestOptions {
  /**
   * Whose behalf the request is made on. Defaults to the calling plugin's own
   * service credentials; pass a user's credentials to have the backend apply
   * that user's catalog permissions.
   */
  credentials?: BackstageCredentials;
}

/**
 * What other backend plugins (Tech Insights, catalog processors) use to read
 * mesh posture from the mesh-security backend.
 *
 * @public
 */
export interface MeshSecurityService {
  /**
   * Posture of one catalog entity, e.g. `component:default/payment-service`.
   * Resolves to undefined when the backend does not know the entity or the
   * caller may not read it (404).
   */
  getEntityPosture(
    entityRef: string,
    options?: MeshSecurityRequestOptions,
  ): Promise<EntityPosture | undefined>;

  /**
   * Scorecard of a team, e.g. `group:default/commerce-team` (the kind may be
   * omitted). Resolves to undefined when the group is unknown (404).
   */
  getTeamScorecard(
    groupRef: string,
    options?: MeshSecurityRequestOptions,
  ): Promise<TeamScorecard | undefined>;

  /**
   * A team's posture over the last `days` (1..90, default 30). Resolves to
   * undefined when the group is unknown or history is turned off (404).
   * Optional: implementations written before the history routes leave it out.
   */
  getTeamHistory?(
    groupRef: string,
    options?: MeshSecurityRequestOptions & { days?: number },
  ): Promise<PostureHistory | undefined>;
}
