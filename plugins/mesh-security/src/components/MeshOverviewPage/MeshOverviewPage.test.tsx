import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { MeshOverview } from '@mesh-security/plugin-mesh-security-common';
import { MeshSecurityApi, meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { MeshOverviewPage } from './MeshOverviewPage';
import {
  referenceOverview,
  referenceTeams,
  undeployedTeam,
} from './__fixtures__/referenceScenario';

function fakeApi(getOverview: () => Promise<MeshOverview>): MeshSecurityApi {
  return {
    getOverview: jest.fn(getOverview),
    getTeamScorecard: jest.fn(() => Promise.reject(new Error('not used'))),
    getEntityPosture: jest.fn(() => Promise.reject(new Error('not used'))),
  };
}

async function renderPage(api: MeshSecurityApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
      <MeshOverviewPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

// material-table renders slowly in jsdom on a busy machine
jest.setTimeout(30_000);

describe('MeshOverviewPage', () => {
  it('shows the mesh-wide coverage of the reference scenario', async () => {
    await renderPage(fakeApi(async () => referenceOverview));

    expect(await screen.findByText('Mesh Security')).toBeInTheDocument();
    const meshed = await screen.findByTestId('coverage-meshed');
    expect(within(meshed).getByText('6 of 7')).toBeInTheDocument();
    expect(within(meshed).getByText('85.7% meshed')).toBeInTheDocument();
    const strict = screen.getByTestId('coverage-strict');
    expect(within(strict).getByText('5 of 7')).toBeInTheDocument();
    const mtls = screen.getByTestId('coverage-mtls-traffic');
    expect(within(mtls).getByText('98.3%')).toBeInTheDocument();
    expect(
      within(mtls).getByText('some traffic in plaintext'),
    ).toBeInTheDocument();
    const plaintext = screen.getByTestId('coverage-plaintext-flows');
    expect(within(plaintext).getByText('1')).toBeInTheDocument();
    expect(
      within(plaintext).getByText('flow without mTLS'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('coverage-total-rps')).getByText('11,712 rps'),
    ).toBeInTheDocument();
  });

  it('shows every team with its computed grade, worst first', async () => {
    await renderPage(fakeApi(async () => referenceOverview));
    await screen.findByText('Team scorecards');

    for (const team of referenceTeams) {
      const card = screen.getByTestId(`team-scorecard-${team.groupRef}`);
      expect(
        within(card).getByRole('img', {
          name: `Grade ${team.grade}, score ${team.score} of 100`,
        }),
      ).toBeInTheDocument();
      // every reference team has workloads, so a letter
      expect(within(card).getByText(team.grade!)).toBeInTheDocument();
    }
    // The formula's verdicts on the scenario: commerce pays for legacy-service,
    // comms for its PERMISSIVE namespace.
    const grades = Object.fromEntries(
      referenceTeams.map(t => [t.title, t.grade]),
    );
    expect(grades).toEqual({
      'platform-team': 'A',
      'identity-team': 'A',
      'commerce-team': 'C',
      'comms-team': 'C',
      'internal-tools-team': 'A',
    });

    const order = screen
      .getAllByTestId(/^team-scorecard-/)
      .map(el => el.getAttribute('data-testid'));
    expect(order).toEqual([
      'team-scorecard-group:default/comms-team',
      'team-scorecard-group:default/commerce-team',
      'team-scorecard-group:default/platform-team',
      'team-scorecard-group:default/identity-team',
      'team-scorecard-group:default/internal-tools-team',
    ]);
    const commerce = screen.getByTestId(
      'team-scorecard-group:default/commerce-team',
    );
    expect(within(commerce).getByText('66.7%')).toBeInTheDocument();
    expect(within(commerce).getByText('1 high')).toBeInTheDocument();
  });

  it('shows a team without workloads as "No grade", after the graded teams', async () => {
    await renderPage(
      fakeApi(async () => ({
        ...referenceOverview,
        // first in the response: the page orders teams itself
        teams: [undeployedTeam, ...referenceTeams],
      })),
    );
    await screen.findByText('Team scorecards');

    const cards = screen.getAllByTestId(/^team-scorecard-/);
    expect(cards).toHaveLength(referenceTeams.length + 1);
    const last = cards[cards.length - 1];
    expect(last).toHaveAttribute(
      'data-testid',
      'team-scorecard-group:default/docs-team',
    );
    expect(
      within(last).getByRole('img', {
        name: "No grade: no workloads found for this team's services",
      }),
    ).toHaveTextContent('No grade');
    expect(within(last).queryByText('no findings')).not.toBeInTheDocument();
  });

  it('lists services worst first with mode, traffic and health as words', async () => {
    await renderPage(fakeApi(async () => referenceOverview));
    const table = await screen.findByTestId('mesh-services');
    // data rows only: header, pagination and filler rows carry no entity link
    const rows = within(table)
      .getAllByRole('row')
      .filter(row => within(row).queryAllByRole('link').length > 0);
    expect(rows).toHaveLength(7);
    expect(within(rows[0]).getByText('legacy-service')).toBeInTheDocument();
    expect(within(rows[0]).getByText('NONE')).toBeInTheDocument();
    expect(within(rows[0]).getByText('WARN')).toBeInTheDocument();
    expect(within(rows[0]).getByText('200 rps')).toBeInTheDocument();
    expect(within(rows[0]).getByText('1 high')).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('link', { name: /legacy-service/ }),
    ).toHaveAttribute('href', '/catalog/default/component/legacy-service');
    expect(within(rows[1]).getByText('api-gateway')).toBeInTheDocument();
    expect(within(rows[1]).getByText('2 medium')).toBeInTheDocument();
    // retool receives no traffic: say so instead of showing 0 % mTLS
    const retool = rows.find(row => within(row).queryByText('retool'))!;
    expect(within(retool).getByText('no metrics')).toBeInTheDocument();
    expect(within(retool).getByText('no traffic')).toBeInTheDocument();
    expect(within(retool).getByText('no data')).toBeInTheDocument();
    expect(within(retool).getByText('no findings')).toBeInTheDocument();
  });

  it('lists findings, filters them by severity and shows remediation YAML', async () => {
    await renderPage(fakeApi(async () => referenceOverview));
    await screen.findByText('Audit');
    expect(screen.getByText('plaintext-traffic-observed')).toBeInTheDocument();
    expect(screen.getByText('strict-ready')).toBeInTheDocument();
    expect(screen.getAllByText('authz-unknown-principal')).toHaveLength(2);

    await userEvent.click(screen.getByRole('button', { name: 'high (1)' }));
    expect(screen.getByText('plaintext-traffic-observed')).toBeInTheDocument();
    expect(screen.queryByText('strict-ready')).not.toBeInTheDocument();
    expect(
      screen.queryByText('authz-unknown-principal'),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'medium (3)' }));
    const row = screen.getByText('workload-outside-mesh').closest('tr')!;
    await userEvent.click(
      within(row).getByRole('button', { name: /detail panel/i }),
    );
    const remediation = await screen.findByTestId('finding-remediation');
    await waitFor(() =>
      expect(remediation).toHaveTextContent('istio-injection: enabled'),
    );
    expect(
      within(remediation).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
  });

  it('warns about sources that are stale, partial or failed', async () => {
    await renderPage(
      fakeApi(async () => ({
        ...referenceOverview,
        sources: [
          {
            name: 'kubernetes:prod-eu',
            kind: 'kubernetes',
            state: 'partial',
            lastSuccessAt: '2026-01-15T10:00:00.000Z',
            warnings: ['AuthorizationPolicy: forbidden (403)'],
          },
          {
            name: 'prometheus',
            kind: 'prometheus',
            state: 'error',
            message: 'connection refused',
          },
        ],
      })),
    );
    expect(
      await screen.findByText(
        'Partial data from kubernetes:prod-eu: AuthorizationPolicy: forbidden (403).',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'prometheus could not be read (never read successfully): connection refused.',
      ),
    ).toBeInTheDocument();
    // the figures stay visible below the warnings
    expect(screen.getByTestId('coverage-meshed')).toHaveTextContent('6 of 7');
  });

  it('shows a failed request as an error, not as an empty mesh', async () => {
    await renderPage(
      fakeApi(() => Promise.reject(new Error('backend unavailable'))),
    );
    expect(
      (await screen.findAllByText(/backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Team scorecards')).not.toBeInTheDocument();
    expect(
      screen.queryByText('No findings in the mesh.'),
    ).not.toBeInTheDocument();
  });
});
