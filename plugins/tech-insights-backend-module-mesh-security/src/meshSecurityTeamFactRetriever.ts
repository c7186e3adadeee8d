import type { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';
import { collectFacts } from './collectFacts';
import {
  MESH_SECURITY_TEAM_FACT_RETRIEVER_ID,
  meshSecurityTeamFactSchema,
  scorecardToFacts,
} from './scorecardFacts';
import {
  historyToTrendFacts,
  meshSecurityTeamTrendFactSchema,
  TREND_HISTORY_DAYS,
} from './trendFacts';

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
    // 0.2.0: the trend facts; a new version makes Tech Insights store the new schema
    version: '0.2.0',
    title: 'Mesh security (teams)',
    description:
      'Mesh security scorecard (grade, score, STRICT share, mTLS traffic share, findings) of the services each group owns, and its trend (STRICT coverage change over 30 days, new high findings over 7 days)',
    entityFilter: [{ kind: 'group' }],
    schema: {
      ...meshSecurityTeamFactSchema,
      ...meshSecurityTeamTrendFactSchema,
    },
    handler: ctx =>
      collectFacts(ctx, {
        catalog,
        what: 'scorecard',
        population: 'groups',
        async read(groupRef) {
          const [scorecard, history] = await Promise.all([
            meshSecurity.getTeamScorecard(groupRef),
            // the trend is extra: without it the scorecard facts still count
            meshSecurity
              .getTeamHistory?.(groupRef, { days: TREND_HISTORY_DAYS })
              .catch(error => {
                ctx.logger.warn(
                  `Could not read the mesh history of ${groupRef}; its trend facts are null: ${error}`,
                );
                return undefined;
              }),
          ]);
          return (
            scorecard && {
              ...scorecardToFacts(scorecard),
              ...historyToTrendFacts(history),
            }
          );
        },
      }),
  };
}
