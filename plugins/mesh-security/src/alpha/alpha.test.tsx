import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import {
  FakeMeshSecurityApi,
  paymentServiceEntity,
  paymentServicePosture,
  unannotatedEntity,
} from '../__fixtures__';
import { meshSecurityApiRef } from '../api/MeshSecurityApi';
import plugin from './plugin';
import { entityMeshSecurityCard } from './entityCards';
import { entityMeshSecurityContent } from './entityContent';

describe('new frontend system', () => {
  it('is the mesh-security plugin with the API, the tab and the card', () => {
    expect(plugin.pluginId).toBe('mesh-security');
    expect(plugin.getExtension('api:mesh-security')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:mesh-security/mtls'),
    ).toMatchObject({
      kind: 'entity-content',
      name: 'mtls',
    });
    expect(
      plugin.getExtension('entity-card:mesh-security/posture'),
    ).toMatchObject({
      kind: 'entity-card',
      name: 'posture',
    });
  });

  it('adds the "mTLS / Traffic" tab at mtls for annotated entities only', () => {
    const tester = createExtensionTester(entityMeshSecurityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('mtls');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'mTLS / Traffic',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(paymentServiceEntity)).toBe(true);
    expect(filter(unannotatedEntity)).toBe(false);
  });

  it('lets app config move the tab', () => {
    const tester = createExtensionTester(entityMeshSecurityContent, {
      config: { path: 'mesh', title: 'Mesh' },
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('mesh');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Mesh');
  });

  it('shows the overview card for annotated entities only', () => {
    const tester = createExtensionTester(entityMeshSecurityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(paymentServiceEntity)).toBe(true);
    expect(filter(unannotatedEntity)).toBe(false);
  });

  it('renders the tab in a new-frontend-system app', async () => {
    renderInTestApp(
      <EntityProvider entity={paymentServiceEntity}>
        {createExtensionTester(entityMeshSecurityContent).reactElement()}
      </EntityProvider>,
      {
        apis: [
          [
            meshSecurityApiRef,
            new FakeMeshSecurityApi({ postures: [paymentServicePosture] }),
          ],
        ],
      },
    );
    expect(
      await screen.findByRole('list', { name: 'mTLS decision chain' }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('STRICT').length).toBeGreaterThan(0);
  });
});
