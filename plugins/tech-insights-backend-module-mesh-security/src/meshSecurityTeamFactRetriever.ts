import type { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';
import { collectFacts } from './collectFacts';
import {
  MESH_SECURITY_TEAM_FACT_RETRIEVER_ID,
  meshSecurityTeamFactSchema,
  scorecardToFacts,
} from './scorecardFacts';

/** @public */
export interface MeshSecurityTeamFactRetrieverOptions {
  catalog: CatalogService;
  meshSecurity: MeshSecurityService;
}

/**
 * Facts about the mesh security scorecard of every Group: the grade, score,
 * shares and findings the mesh-security backend computes for the services the
 * group owns — the same scorecard the Group page shows.
 *
 * @public
 */
export function createMeshSecurityTeamFactRetriever(
  options: MeshSecurityTeamFactRetrieverOptions,
): FactRetriever {
  const { catalog, meshSecurity } = options;
  return {
    id: MESH_SECURITY_TEAM_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Mesh security (teams)',
    description:
      'Mesh security scorecard (grade, score, STRICT share, mTLS traffic share, findings) of the services each group owns',
    entityFilter: [{ kind: 'group' }],
    schema: meshSecurityTeamFactSchema,
    handler: ctx =>
      collectFacts(ctx, {
        catalog,
        what: 'scorecard',
        population: 'groups',
        async read(groupRef) {
          const scorecard = await meshSecurity.getTeamScorecard(groupRef);
          return scorecard && scorecardToFacts(scorecard);
        },
      }),
  };
}
