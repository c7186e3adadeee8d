import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { MeshSecurityClient } from './MeshSecurityClient';
import type { MeshSecurityService } from './MeshSecurityService';

/**
 * The mesh-security backend as a service for other backend plugins. The
 * default implementation calls it over HTTP with a plugin-to-plugin token, so
 * the caller needs no configuration.
 *
 * @public
 */
export const meshSecurityServiceRef = createServiceRef<MeshSecurityService>({
  id: 'mesh-security.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) =>
        new MeshSecurityClient({ discovery, auth }),
    }),
});
