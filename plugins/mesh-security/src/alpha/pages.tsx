import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import SecurityIcon from '@material-ui/icons/Security';
import { rootRouteRef } from '../routes';

/**
 * The mesh overview page at /mesh-security. Its title and icon also make the
 * app's nav item (frontend-plugin-api 0.18 derives nav items from pages).
 * @alpha
 */
export const meshSecurityOverviewPage = PageBlueprint.make({
  params: {
    path: '/mesh-security',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: 'Mesh Security',
    icon: <SecurityIcon fontSize="inherit" />,
    loader: () =>
      import('../components/MeshOverviewPage').then(m =>
        compatWrapper(<m.MeshOverviewPageContent />),
      ),
  },
});
