import '@testing-library/jest-dom';
import type { Entity } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';
import {
  FakeMeshSecurityApi,
  paymentServiceEntity,
  paymentServicePosture,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityMeshSecurityCard } from '../EntityMeshSecurityCard';
import { EntityPostureView } from '../EntityMeshSecurityContent/EntityPostureView';
import { GroupMeshScorecardCard } from '../GroupMeshScorecardCard';
import { MeshOverviewSections } from '../MeshOverviewPage/MeshOverview';
import {
  referenceOverview,
  referenceTeams,
} from '../MeshOverviewPage/__fixtures__/referenceScenario';
import {
  commerceHistory,
  history,
  historyPoint,
} from './__fixtures__/histories';

jest.setTimeout(60_000);

const commerceTeam = referenceTeams.find(
  t => t.groupRef === 'group:default/commerce-team',
)!;

const paymentHistory = history('component:default/payment-service', 30, [
  historyPoint(29.5, { strict: 0, mtls: 0.5, workloads: 1 }),
  historyPoint(0.5, { strict: 1, mtls: 1, workloads: 1 }),
]);

describe('trends where they are shown', () => {
  it('on the Group card: the team chart under its scorecard', async () => {
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'commerce-team', namespace: 'default' },
      spec: { type: 'team', children: [] },
    };
    const api = new FakeMeshSecurityApi({
      scorecards: [commerceTeam],
      histories: [commerceHistory],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
        <EntityProvider entity={group}>
          <GroupMeshScorecardCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const trend = await screen.findByTestId(
      'team-trend-group:default/commerce-team',
    );
    expect(
      await within(trend).findByText(
        'STRICT coverage 66.7% → 100% over 30 days (better)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-grade')).toBeInTheDocument();
  });

  it('on the mesh overview: a chart per team, each asking for its own team', async () => {
    const api = new FakeMeshSecurityApi({
      overview: referenceOverview,
      histories: [commerceHistory],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
        <MeshOverviewSections overview={referenceOverview} />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const card = await screen.findByTestId(
      'team-scorecard-group:default/commerce-team',
    );
    const item = card.closest('li')!;
    expect(
      await within(item).findByText('Grade C → B over 30 days (better)'),
    ).toBeInTheDocument();
    // the others have no history in this fake (404): no chart, no error
    expect(api.historyRequests.map(r => r.ref).sort()).toEqual(
      referenceOverview.teams.map(t => t.groupRef).sort(),
    );
    expect(screen.queryByText(/Trend unavailable/)).not.toBeInTheDocument();
    expect(screen.getAllByTestId(/^team-trend-/)).toHaveLength(1);
  });

  it('on the overview card and the tab: the entity sparklines', async () => {
    const api = new FakeMeshSecurityApi({
      postures: [paymentServicePosture],
      histories: [paymentHistory],
    });
    await renderForEntity(<EntityMeshSecurityCard />, {
      entity: paymentServiceEntity,
      api,
    });
    const compact = await screen.findByRole('region', {
      name: 'Trend over the last 30 days',
    });
    expect(
      await within(compact).findByRole('img', {
        name: 'STRICT coverage 0% → 100% over 30 days (better)',
      }),
    ).toBeInTheDocument();
  });

  it('on the tab, beside the coverage gauges', async () => {
    const api = new FakeMeshSecurityApi({ histories: [paymentHistory] });
    await renderInTestApp(
      <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
        <EntityPostureView
          posture={paymentServicePosture}
          entityName="payment-service"
        />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByRole('img', {
        name: 'mTLS traffic 50% → 100% over 30 days (better)',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Trend')).toBeInTheDocument();
  });
});
