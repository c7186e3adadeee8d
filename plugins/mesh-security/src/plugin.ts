import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
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

/**
 * The "mTLS / Traffic" entity tab.
 * @public
 */
export const EntityMeshSecurityContent = meshSecurityPlugin.provide(
  createComponentExtension({
    name: 'EntityMeshSecurityContent',
    component: {
      lazy: () =>
        import('./components/EntityMeshSecurityContent').then(
          m => m.EntityMeshSecurityContent,
        ),
    },
  }),
);

/**
 * The entity overview card: mode, coverage, worst finding.
 * @public
 */
export const EntityMeshSecurityCard = meshSecurityPlugin.provide(
  createComponentExtension({
    name: 'EntityMeshSecurityCard',
    component: {
      lazy: () =>
        import('./components/EntityMeshSecurityCard').then(
          m => m.EntityMeshSecurityCard,
        ),
    },
  }),
);

/**
 * The mesh overview page: coverage, findings, team scorecards.
 * @public
 */
export const MeshSecurityOverviewPage = meshSecurityPlugin.provide(
  createRoutableExtension({
    name: 'MeshSecurityOverviewPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/MeshOverviewPage').then(m => m.MeshOverviewPage),
  }),
);

/**
 * The mesh scorecard of a Group entity (for Group entity pages).
 * @public
 */
export const EntityGroupMeshScorecardCard = meshSecurityPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupMeshScorecardCard',
    component: {
      lazy: () =>
        import('./components/GroupMeshScorecardCard').then(
          m => m.GroupMeshScorecardCard,
        ),
    },
  }),
);
