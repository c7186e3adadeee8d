import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshSecurityServiceRef } from '@mesh-security/plugin-mesh-security-node';
import { createMeshSecurityFactRetriever } from './meshSecurityFactRetriever';
import { createMeshSecurityTeamFactRetriever } from './meshSecurityTeamFactRetriever';
import { MESH_SECURITY_FACT_RETRIEVER_ID } from './postureFacts';
import { MESH_SECURITY_TEAM_FACT_RETRIEVER_ID } from './scorecardFacts';

/**
 * Adds `meshSecurityFactRetriever` (Components and Resources) and
 * `meshSecurityTeamFactRetriever` (Groups) to Tech Insights. Like every fact
 * retriever each only runs once `techInsights.factRetrievers.<id>` is
 * configured (see the README).
 *
 * @public
 */
export const techInsightsModuleMeshSecurity = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'mesh-security',
  register(reg) {
    reg.registerInit({
      deps: {
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
        meshSecurity: meshSecurityServiceRef,
      },
      async init({ factRetrievers, catalog, meshSecurity }) {
        factRetrievers.addFactRetrievers({
          [MESH_SECURITY_FACT_RETRIEVER_ID]: createMeshSecurityFactRetriever({
            catalog,
            meshSecurity,
          }),
          [MESH_SECURITY_TEAM_FACT_RETRIEVER_ID]:
            createMeshSecurityTeamFactRetriever({ catalog, meshSecurity }),
        });
      },
    });
  },
});
