import { compatWrapper } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isMeshSecurityAvailable } from '../isMeshSecurityAvailable';

/** Overview card: mode, coverage, worst finding, link to the tab. @alpha */
export const entityMeshSecurityCard = EntityCardBlueprint.make({
  name: 'posture',
  params: {
    filter: isMeshSecurityAvailable,
    loader: () =>
      import('../components/EntityMeshSecurityCard').then(m =>
        compatWrapper(<m.EntityMeshSecurityCard />),
      ),
  },
});

// The Group scorecard card (owned by the overview work) is added in its own
// file and listed in plugin.tsx next to this one.
