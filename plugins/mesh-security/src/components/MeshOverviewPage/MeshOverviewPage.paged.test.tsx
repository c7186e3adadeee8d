import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  countBySeverity,
  type MeshOverviewSummary,
  type OverviewFindingsQuery,
  type OverviewServicesQuery,
} from '@mesh-security/plugin-mesh-security-common';
import { MeshSecurityApi, meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { MeshOverviewPage } from './MeshOverviewPage';
import { referenceOverview } from './__fixtures__/referenceScenario';

const { services, findings, ...figures } = referenceOverview;
const summary: MeshOverviewSummary = {
  ...figures,
  services: services.length,
  findingsBySeverity: countBySeverity(findings),
  suppressed: referenceOverview.suppressed ?? [],
  teams: referenceOverview.teams.map(t => ({ ...t, entities: [] })),
};

/** A backend stand-in: pages the reference lists in their order, filtering as asked. */
function pagedApi(overrides: Partial<MeshSecurityApi> = {}): MeshSecurityApi & {
  getOverviewServices: jest.Mock;
  getOverviewFindings: jest.Mock;
} {
  const page = <T,>(rows: T[], q: { offset?: number; limit?: number }) => {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 25;
    return {
      items: rows.slice(offset, offset + limit),
      total: rows.length,
      offset,
      limit,
    };
  };
  return {
    getOverview: jest.fn(() => Promise.reject(new Error('unpaged call'))),
    getTeamScorecard: jest.fn(() => Promise.reject(new Error('not used'))),
    getEntityPosture: jest.fn(() => Promise.reject(new Error('not used'))),
    getOverviewSummary: jest.fn(async () => summary),
    getOverviewServices: jest.fn(async (q: OverviewServicesQuery) =>
      page(
        services.filter(s => !q.q || s.entityRef.includes(q.q)),
        q,
      ),
    ),
    getOverviewFindings: jest.fn(async (q: OverviewFindingsQuery) =>
      page(
        findings.filter(f => !q.severity || q.severity.includes(f.severity)),
        q,
      ),
    ),
    ...overrides,
  } as any;
}

async function renderPage(api: MeshSecurityApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
      <MeshOverviewPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const linkRows = (container: HTMLElement) =>
  within(container)
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('link').length > 0);

// material-table renders slowly in jsdom on a busy machine
jest.setTimeout(60_000);

describe('MeshOverviewPage with a paging backend', () => {
  it('shows the summary and the first page of each list, never the unpaged overview', async () => {
    const api = pagedApi();
    await renderPage(api);
    const meshed = await screen.findByTestId('coverage-meshed');
    expect(within(meshed).getByText('6 of 7')).toBeInTheDocument();
    expect(screen.getAllByTestId(/^team-scorecard-/).length).toBe(
      summary.teams.length,
    );
    const table = screen.getByTestId('mesh-services');
    await waitFor(() => expect(linkRows(table)).toHaveLength(7));
    expect(
      within(linkRows(table)[0]).getByText('legacy-service'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('plaintext-traffic-observed'),
    ).toBeInTheDocument();
    expect(api.getOverview).not.toHaveBeenCalled();
    expect(api.getOverviewServices).toHaveBeenCalledWith(
      expect.objectContaining({ offset: 0, limit: 10, sort: 'findings' }),
    );
    // the counts come from the summary, not from the page shown
    expect(
      screen.getByRole('button', {
        name: `all severities (${findings.length})`,
      }),
    ).toBeInTheDocument();
  });

  it('asks the backend for the severity picked and for the text searched', async () => {
    const api = pagedApi();
    await renderPage(api);
    await screen.findByText('plaintext-traffic-observed');
    await userEvent.click(screen.getByRole('button', { name: 'high (1)' }));
    await waitFor(() =>
      expect(api.getOverviewFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({ severity: ['high'], offset: 0 }),
      ),
    );
    await waitFor(() =>
      expect(screen.queryByText('strict-ready')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('plaintext-traffic-observed')).toBeInTheDocument();

    const table = screen.getByTestId('mesh-services');
    // pasted: one query, not one per keystroke
    await userEvent.click(within(table).getByRole('textbox'));
    await userEvent.paste('retool');
    await waitFor(() =>
      expect(api.getOverviewServices).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'retool', offset: 0 }),
      ),
    );
    await waitFor(() => expect(linkRows(table)).toHaveLength(1));
  });

  it('shows a failed page as an error, not as an empty list', async () => {
    const api = pagedApi({
      getOverviewFindings: jest.fn(() =>
        Promise.reject(new Error('findings unavailable')),
      ),
    });
    await renderPage(api);
    expect(
      (await screen.findAllByText(/findings unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByText('No findings in the mesh.'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('No findings.')).not.toBeInTheDocument();
    expect(
      screen.getByText('The findings could not be loaded.'),
    ).toBeInTheDocument();
  });
});
