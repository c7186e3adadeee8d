import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { meshSecurityServiceRef } from '@mesh-security/plugin-mesh-security-node';
import { createAccessGenerateAction } from './actions/accessGenerate';
import { createStrictGenerateAction } from './actions/strictGenerate';

/**
 * Adds `mesh-security:strict:generate` and `mesh-security:access:generate` to
 * the Scaffolder. Both read posture through the mesh-security backend's
 * service ref and the catalog, on behalf of the user who runs the template.
 *
 * @public
 */
export const scaffolderModuleMeshSecurity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mesh-security',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        meshSecurity: meshSecurityServiceRef,
        catalog: catalogServiceRef,
      },
      async init({ scaffolderActions, meshSecurity, catalog }) {
        scaffolderActions.addActions(
          createStrictGenerateAction({ meshSecurity, catalog }),
          createAccessGenerateAction({ meshSecurity, catalog }),
        );
      },
    });
  },
});
