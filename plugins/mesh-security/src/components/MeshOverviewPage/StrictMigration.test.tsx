import '@testing-library/jest-dom';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { StrictMigration as StrictMigrationData } from '@mesh-security/plugin-mesh-security-common';
import { screen, within } from '@testing-library/react';
import {
  meshSecurityApiRef,
  type MeshSecurityApi,
} from '../../api/MeshSecurityApi';
import { StrictMigration } from './StrictMigration';

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

  it('is not shown by an API without it', async () => {
    await renderView(base);
    expect(screen.queryByText('STRICT migration')).not.toBeInTheDocument();
  });
});
