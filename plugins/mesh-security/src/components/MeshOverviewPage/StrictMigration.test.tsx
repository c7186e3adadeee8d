import '@testing-library/jest-dom';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  strictMigrationTotals,
  type StrictMigration as StrictMigrationData,
} from '@mesh-security/plugin-mesh-security-common';
import { fireEvent, screen, within } from '@testing-library/react';
import {
  meshSecurityApiRef,
  type MeshSecurityApi,
} from '../../api/MeshSecurityApi';
import {
  NAMESPACES_PER_PAGE,
  StrictMigration,
  WORKLOADS_OPEN_UP_TO,
} from './StrictMigration';

const COMMS_STRICT =
  'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: comms\nspec:\n  mtls:\n    mode: STRICT\n';

const migration: StrictMigrationData = {
  generatedAt: '2026-06-01T00:00:00.000Z',
  sources: [],
  trafficJudged: true,
  namespaces: [
    {
      cluster: 'demo',
      namespace: 'shop',
      state: 'blocked',
      blockers: ['shop/cart'],
      workloads: [
        {
          workload: 'shop/cart',
          mtlsMode: 'PERMISSIVE',
          state: 'blocked',
          reason: 'shop/cart received 7 req/s in plaintext.',
          plaintextCallers: [
            {
              workload: 'legacy/batch',
              entity: {
                entityRef: 'component:default/batch',
                owners: ['group:default/data-team'],
              },
            },
          ],
          moreCallers: 2,
        },
        {
          workload: 'shop/orders',
          mtlsMode: 'PERMISSIVE',
          state: 'ready',
          reason: 'all calls used mTLS',
        },
      ],
    },
    {
      cluster: 'demo',
      namespace: 'comms',
      state: 'ready',
      blockers: [],
      safeToApply: COMMS_STRICT,
      workloads: [
        {
          workload: 'comms/notification-svc',
          mtlsMode: 'PERMISSIVE',
          state: 'ready',
          reason: 'all calls used mTLS',
        },
      ],
    },
  ],
};

async function renderView(api: MeshSecurityApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
      <StrictMigration />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const base = {
  getEntityPosture: jest.fn(),
  getTeamScorecard: jest.fn(),
  getOverview: jest.fn(),
};

describe('StrictMigration', () => {
  it('names the plaintext callers that block a namespace, with their owners', async () => {
    await renderView({ ...base, getStrictMigration: async () => migration });
    const shop = await screen.findByRole('region', { name: 'Namespace shop' });
    expect(shop).toHaveTextContent(
      'Namespace-wide STRICT is not safe yet: shop/cart blocks it.',
    );
    const callers = within(shop).getByRole('list', {
      name: 'Plaintext callers of shop/cart',
    });
    expect(callers).toHaveTextContent('legacy/batch');
    expect(
      within(callers).getByRole('link', { name: 'data-team' }),
    ).toBeInTheDocument();
    expect(callers).toHaveTextContent('and 2 more');
    expect(shop).toHaveTextContent('STRICT-ready');
    expect(screen.getByTestId('strict-migration-summary')).toHaveTextContent(
      '1 ready, 1 blocked, 0 STRICT, 0 outside the mesh.',
    );
  });

  it('offers the namespace-wide PeerAuthentication that is safe to apply now', async () => {
    await renderView({ ...base, getStrictMigration: async () => migration });
    const comms = await screen.findByRole('region', {
      name: 'Namespace comms',
    });
    expect(comms).toHaveTextContent(
      'Safe to apply now: namespace-wide STRICT breaks no observed caller.',
    );
    expect(
      within(comms).getByRole('button', {
        name: 'Copy remediation for STRICT for namespace comms',
      }),
    ).toBeInTheDocument();
    expect(comms).toHaveTextContent('namespace: comms');
  });

  it('lists a large mesh a page of namespaces at a time, each workload list once asked for', async () => {
    const namespaces = NAMESPACES_PER_PAGE + 5;
    const perNamespace = Math.ceil((WORKLOADS_OPEN_UP_TO + 1) / namespaces);
    const large: StrictMigrationData = {
      ...migration,
      namespaces: Array.from({ length: namespaces }, (_, i) => ({
        cluster: 'demo',
        namespace: `team-${String(i).padStart(2, '0')}`,
        state: 'ready' as const,
        blockers: [],
        workloads: Array.from({ length: perNamespace }, (__, j) => ({
          workload: `team-${String(i).padStart(2, '0')}/svc-${j}`,
          mtlsMode: 'PERMISSIVE' as const,
          state: j === 0 ? ('blocked' as const) : ('ready' as const),
          reason: 'r',
        })),
      })),
    };
    await renderView({ ...base, getStrictMigration: async () => large });
    const first = await screen.findByRole('region', {
      name: 'Namespace team-00',
    });
    expect(screen.getAllByRole('region', { name: /^Namespace / })).toHaveLength(
      NAMESPACES_PER_PAGE,
    );
    expect(first).toHaveTextContent(
      `${perNamespace} workloads: 1 plaintext callers, ${
        perNamespace - 1
      } STRICT-ready`,
    );
    expect(
      within(first).queryByRole('list', { name: 'Workloads of team-00' }),
    ).not.toBeInTheDocument();

    const toggle = within(first).getByRole('button', {
      name: 'Show the workloads of team-00',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(
      within(first).getByRole('list', { name: 'Workloads of team-00' }),
    ).toHaveTextContent('team-00/svc-0');
    expect(
      within(first).getByRole('button', {
        name: 'Hide the workloads of team-00',
      }),
    ).toHaveAttribute('aria-expanded', 'true');

    fireEvent.click(
      screen.getByRole('button', { name: 'Show 5 more of 5 namespaces' }),
    );
    expect(screen.getAllByRole('region', { name: /^Namespace / })).toHaveLength(
      namespaces,
    );
    expect(
      screen.queryByRole('button', { name: /more of/ }),
    ).not.toBeInTheDocument();
  });

  describe('from a backend that pages', () => {
    const namespaces = Array.from(
      { length: NAMESPACES_PER_PAGE + 5 },
      (_, i) => ({
        cluster: 'demo',
        namespace: `team-${String(i).padStart(2, '0')}`,
        state: i < 3 ? ('blocked' as const) : ('ready' as const),
        blockers: [],
        workloads: [
          {
            workload: `team-${i}/svc`,
            mtlsMode: 'PERMISSIVE' as const,
            state: 'ready' as const,
            reason: 'r',
          },
        ],
      }),
    );
    /** the backend's answer to `page` of the snapshot of `generatedAt` */
    const serve =
      (generatedAt = migration.generatedAt) =>
      async (page?: { offset?: number; limit?: number }) => ({
        ...migration,
        generatedAt,
        namespaces: namespaces.slice(
          page?.offset ?? 0,
          (page?.offset ?? 0) + (page?.limit ?? namespaces.length),
        ),
        totals: strictMigrationTotals(namespaces),
      });

    it('reads a page of namespaces at a time, summed up over all of them', async () => {
      const getStrictMigration = jest.fn(serve());
      await renderView({ ...base, getStrictMigration });
      await screen.findByRole('region', { name: 'Namespace team-00' });
      expect(getStrictMigration).toHaveBeenCalledWith({
        offset: 0,
        limit: NAMESPACES_PER_PAGE,
      });
      expect(
        screen.getAllByRole('region', { name: /^Namespace / }),
      ).toHaveLength(NAMESPACES_PER_PAGE);
      expect(screen.getByTestId('strict-migration-summary')).toHaveTextContent(
        `${
          NAMESPACES_PER_PAGE + 2
        } ready, 3 blocked, 0 STRICT, 0 outside the mesh.`,
      );

      fireEvent.click(
        screen.getByRole('button', { name: 'Show 5 more of 5 namespaces' }),
      );
      await screen.findByRole('region', { name: 'Namespace team-24' });
      expect(getStrictMigration).toHaveBeenLastCalledWith({
        offset: NAMESPACES_PER_PAGE,
        limit: NAMESPACES_PER_PAGE,
      });
      expect(
        screen.getAllByRole('region', { name: /^Namespace / }),
      ).toHaveLength(NAMESPACES_PER_PAGE + 5);
    });

    it('reads the pages again from the start when a refresh came in between', async () => {
      const getStrictMigration = jest.fn(serve());
      await renderView({ ...base, getStrictMigration });
      await screen.findByRole('region', { name: 'Namespace team-00' });
      getStrictMigration.mockImplementation(serve('2026-06-01T00:05:00.000Z'));
      fireEvent.click(
        screen.getByRole('button', { name: 'Show 5 more of 5 namespaces' }),
      );
      await screen.findByRole('region', { name: 'Namespace team-24' });
      expect(getStrictMigration).toHaveBeenLastCalledWith({
        offset: 0,
        limit: 2 * NAMESPACES_PER_PAGE,
      });
      expect(
        screen.getAllByRole('region', { name: /^Namespace / }),
      ).toHaveLength(NAMESPACES_PER_PAGE + 5);
    });
  });

  it('is not shown by an API without it', async () => {
    await renderView(base);
    expect(screen.queryByText('STRICT migration')).not.toBeInTheDocument();
  });
});
