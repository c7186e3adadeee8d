import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshSecurityServiceRef } from '@mesh-security/plugin-mesh-security-node';
import { createMeshSecurityFactRetriever } from './meshSecurityFactRetriever';
import { MESH_SECURITY_FACT_RETRIEVER_ID } from './postureFacts';

/**
 * Adds the `meshSecurityFactRetriever` to Tech Insights. Like every fact
 * retriever it only runs once `techInsights.factRetrievers.meshSecurityFactRetriever`
 * is configured (see the README).
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
        });
      },
    });
  },
});
