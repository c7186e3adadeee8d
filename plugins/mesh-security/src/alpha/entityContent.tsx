import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isMeshSecurityAvailable } from '../isMeshSecurityAvailable';

/** The "mTLS / Traffic" tab on entities with Kubernetes annotations. @alpha */
export const entityMeshSecurityContent = EntityContentBlueprint.make({
  name: 'mtls',
  params: {
    path: 'mtls',
    title: 'mTLS / Traffic',
    filter: isMeshSecurityAvailable,
    loader: () =>
      import('../components/EntityMeshSecurityContent').then(m =>
        compatWrapper(<m.EntityMeshSecurityContent />),
      ),
  },
});
