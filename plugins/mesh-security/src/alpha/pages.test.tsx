import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { meshSecurityApiRef, MeshSecurityApi } from '../api/MeshSecurityApi';
import {
  referenceOverview,
  referenceTeams,
} from '../components/MeshOverviewPage/__fixtures__/referenceScenario';
import { meshSecurityOverviewPage } from './pages';
import { entityGroupMeshScorecardCard } from './groupCards';

jest.setTimeout(30_000);

const identityTeam = referenceTeams.find(t => t.title === 'identity-team')!;

const fakeApi: MeshSecurityApi = {
  getOverview: async () => referenceOverview,
  getTeamScorecard: async () => identityTeam,
  getEntityPosture: () => Promise.reject(new Error('not used')),
};

describe('new frontend system extensions', () => {
  it('mounts the overview page at /mesh-security with a nav title and icon', () => {
    const tester = createExtensionTester(meshSecurityOverviewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/mesh-security');
    expect(tester.get(coreExtensionData.title)).toBe('Mesh Security');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('renders the overview page in an app', async () => {
    renderTestApp({
      extensions: [meshSecurityOverviewPage],
      initialRouteEntries: ['/mesh-security'],
      apis: [[meshSecurityApiRef, fakeApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByText('Team scorecards', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('coverage-meshed')).toHaveTextContent('6 of 7');
  });

  it('offers the Group scorecard card for groups only', async () => {
    const tester = createExtensionTester(entityGroupMeshScorecardCard);
    // the extension is typed as a plain ExtensionDefinition (see groupCards.tsx)
    const appliesTo = tester.get(
      EntityCardBlueprint.dataRefs.filterFunction,
    ) as unknown as (entity: Entity) => boolean;
    const entity = (kind: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: 'x' },
    });
    expect(appliesTo(entity('Group'))).toBe(true);
    expect(appliesTo(entity('Component'))).toBe(false);

    renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'identity-team' },
          spec: { type: 'team', children: [] },
        }}
      >
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[meshSecurityApiRef, fakeApi]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole(
        'img',
        {
          name: `Grade ${identityTeam.grade}, score ${identityTeam.score} of 100`,
        },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
  });
});
