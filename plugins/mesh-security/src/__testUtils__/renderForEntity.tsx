import type { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ReactElement } from 'react';
import {
  meshSecurityApiRef,
  type MeshSecurityApi,
} from '../api/MeshSecurityApi';

type ConfigData = NonNullable<Parameters<typeof mockApis.config>[0]>['data'];

/**
 * Renders an entity-page element inside a test app with the given API and
 * config, and the catalog's entity route mounted (for links to tabs).
 */
export function renderForEntity(
  element: ReactElement,
  options: { entity: Entity; api: MeshSecurityApi; config?: ConfigData },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [meshSecurityApiRef, options.api],
        [configApiRef, mockApis.config({ data: options.config ?? {} })],
      ]}
    >
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
