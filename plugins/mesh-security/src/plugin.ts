import {
  createApiFactory,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { meshSecurityApiRef } from './api/MeshSecurityApi';
import { MeshSecurityClient } from './api/MeshSecurityClient';
import { rootRouteRef } from './routes';

/**
 * The mesh-security frontend plugin (legacy frontend system).
 * @public
 */
export const meshSecurityPlugin = createPlugin({
  id: 'mesh-security',
  apis: [
    createApiFactory({
      api: meshSecurityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshSecurityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});
