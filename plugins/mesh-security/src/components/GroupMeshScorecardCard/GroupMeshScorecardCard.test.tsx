import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type { TeamScorecard } from '@mesh-security/plugin-mesh-security-common';
import { MeshSecurityApi, meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { GroupMeshScorecardCard } from './GroupMeshScorecardCard';
import {
  referenceTeams,
  undeployedTeam,
} from '../MeshOverviewPage/__fixtures__/referenceScenario';

jest.setTimeout(30_000);

const commerceTeam = referenceTeams.find(
  t => t.groupRef === 'group:default/commerce-team',
)!;

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'commerce-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function fakeApi(scorecard: () => Promise<TeamScorecard>) {
  return {
    getOverview: jest.fn(() => Promise.reject(new Error('not used'))),
    getEntityPosture: jest.fn(() => Promise.reject(new Error('not used'))),
    getTeamScorecard: jest.fn(
      (_ref: Parameters<MeshSecurityApi['getTeamScorecard']>[0]) => scorecard(),
    ),
  } satisfies MeshSecurityApi;
}

async function renderCard(api: MeshSecurityApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
      <EntityProvider entity={group}>
        <GroupMeshScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('GroupMeshScorecardCard', () => {
  it("asks for the page's group and shows its grade, shares and services", async () => {
    const api = fakeApi(async () => commerceTeam);
    await renderCard(api);

    const grade = await screen.findByRole('img', {
      name: `Grade ${commerceTeam.grade}, score ${commerceTeam.score} of 100`,
    });
    expect(grade).toHaveTextContent(commerceTeam.grade!);
    expect(api.getTeamScorecard).toHaveBeenCalledWith(
      'group:default/commerce-team',
    );
    expect(screen.getByText('66.7%')).toBeInTheDocument(); // 2 of 3 STRICT
    expect(screen.getByText('95.2%')).toBeInTheDocument(); // 4000 of 4200 rps
    expect(screen.getByText('1 high')).toBeInTheDocument();
    expect(screen.getByText('1 medium')).toBeInTheDocument();

    const services = within(
      screen.getByRole('list', { name: 'Services of the team' }),
    ).getAllByRole('listitem');
    expect(services).toHaveLength(3);
    // worst first: legacy-service is outside the mesh and reached in plaintext
    expect(services[0]).toHaveTextContent('legacy-service');
    expect(services[0]).toHaveTextContent('NONE');
    expect(services[0]).toHaveTextContent('high');
    expect(services[1]).toHaveTextContent('STRICT');
  });

  it('shows "No grade" for a team whose services match no workload', async () => {
    await renderCard(fakeApi(async () => undeployedTeam));

    const badge = await screen.findByRole('img', {
      name: "No grade: no workloads found for this team's services",
    });
    expect(badge).toHaveTextContent('No grade');
    expect(
      screen.queryByRole('img', { name: /^Grade / }),
    ).not.toBeInTheDocument();
    // findings hang off workloads: none found is not "no findings"
    expect(screen.getByText('nothing checked')).toBeInTheDocument();
    expect(screen.queryByText('no findings')).not.toBeInTheDocument();
    // the service is still listed, as not deployed
    const services = within(
      screen.getByRole('list', { name: 'Services of the team' }),
    ).getAllByRole('listitem');
    expect(services).toHaveLength(1);
    expect(services[0]).toHaveTextContent('handbook');
    expect(services[0]).toHaveTextContent('no workloads');
  });

  it('says so when the team owns nothing in the mesh', async () => {
    await renderCard(
      fakeApi(async () => ({
        ...commerceTeam,
        services: 0,
        strictShare: null,
        mtlsTrafficShare: null,
        findingsBySeverity: {
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          info: 0,
        },
        grade: null,
        score: null,
        entities: [],
      })),
    );
    expect(
      await screen.findByText(
        'No grade: this team owns no service with Kubernetes annotations.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /Grade/ }),
    ).not.toBeInTheDocument();
  });

  it('shows a failed request as an error', async () => {
    await renderCard(fakeApi(() => Promise.reject(new Error('forbidden'))));
    expect((await screen.findAllByText(/forbidden/)).length).toBeGreaterThan(0);
    expect(
      screen.queryByRole('img', { name: /Grade/ }),
    ).not.toBeInTheDocument();
  });
});
