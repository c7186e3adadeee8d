import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { meshSecurityServiceRef } from '@mesh-security/plugin-mesh-security-node';
import { readMeshSecurityTagsConfig } from './config';
import { MeshSecurityTagsProcessor } from './MeshSecurityTagsProcessor';

/**
 * Adds the {@link MeshSecurityTagsProcessor} to the catalog (unless
 * `meshSecurity.tags.enabled` is false).
 *
 * @public
 */
export const catalogModuleMeshSecurityTags = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mesh-security-tags',
  register(reg) {
    reg.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        meshSecurity: meshSecurityServiceRef,
      },
      async init({ processing, config, logger, cache, meshSecurity }) {
        const { enabled, ...options } = readMeshSecurityTagsConfig(config);
        if (!enabled) {
          logger.info(
            'Mesh security tags are disabled (meshSecurity.tags.enabled: false)',
          );
          return;
        }
        processing.addProcessor(
          new MeshSecurityTagsProcessor({
            ...options,
            cache,
            logger,
            meshSecurity,
          }),
        );
      },
    });
  },
});
