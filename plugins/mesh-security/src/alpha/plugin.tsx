import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';
import { meshSecurityApi } from './apis';
import { entityMeshSecurityCard } from './entityCards';
import { entityMeshSecurityContent } from './entityContent';
import { entityGroupMeshScorecardCard } from './groupCards';
import { meshSecurityOverviewPage } from './pages';

/**
 * Mesh security for the new frontend system: the API, the "mTLS / Traffic"
 * entity tab, the overview card and (see pages.tsx) the mesh overview page.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mesh-security',
  title: 'Mesh Security',
  info: { packageJson: () => import('../../package.json') },
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [
    meshSecurityApi,
    entityMeshSecurityContent,
    entityMeshSecurityCard,
    entityGroupMeshScorecardCard,
    meshSecurityOverviewPage,
  ],
});
