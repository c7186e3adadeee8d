import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { meshSecurityApiRef } from '../api/MeshSecurityApi';
import { MeshSecurityClient } from '../api/MeshSecurityClient';

/** The backend client, for the new frontend system. @alpha */
export const meshSecurityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: meshSecurityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshSecurityClient({ discoveryApi, fetchApi }),
    }),
});
