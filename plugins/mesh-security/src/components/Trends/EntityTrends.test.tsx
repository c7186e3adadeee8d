import '@testing-library/jest-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { FakeMeshSecurityApi } from '../../__fixtures__';
import { history, historyPoint } from './__fixtures__/histories';
import { EntityTrends } from './EntityTrends';

jest.setTimeout(30_000);

const notificationHistory = history('component:default/notification-svc', 30, [
  historyPoint(29, { strict: 0, mtls: 0, findings: 1, workloads: 1 }),
  historyPoint(10, { strict: 0, mtls: 0.6, findings: 0, workloads: 1 }),
  historyPoint(0.1, { strict: 1, mtls: 1, findings: 0, workloads: 1 }),
]);

async function render(variant?: 'compact') {
  const api = new FakeMeshSecurityApi({ histories: [notificationHistory] });
  await renderInTestApp(
    <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
      <EntityTrends
        entityRef="component:default/notification-svc"
        variant={variant}
      />
    </TestApiProvider>,
  );
  return api;
}

describe('EntityTrends', () => {
  it('draws mTLS share, STRICT coverage and findings over 30 days, each with its change in words', async () => {
    const api = await render();
    const sparklines = await screen.findAllByRole('img');
    expect(sparklines.map(s => s.getAttribute('aria-label'))).toEqual([
      'mTLS traffic 0% → 100% over 30 days (better)',
      'STRICT coverage 0% → 100% over 30 days (better)',
      'Findings 1 → 0 over 30 days (better)',
    ]);
    for (const text of [
      'mTLS traffic 0% → 100% over 30 days (better)',
      'STRICT coverage 0% → 100% over 30 days (better)',
      'Findings 1 → 0 over 30 days (better)',
    ]) {
      expect(screen.getByText(text, { selector: 'dd' })).toBeInTheDocument();
    }
    expect(screen.getByText('Last 30 days')).toBeInTheDocument();
    expect(api.historyRequests).toEqual([
      { ref: 'component:default/notification-svc', days: 30 },
    ]);
    // each sparkline ends on its latest value
    const [mtls] = sparklines;
    expect(mtls.querySelector('path')?.getAttribute('d')).toMatch(/^M.*L.*L/);
    expect(mtls.querySelector('circle')).not.toBeNull();
  });

  it('fits the overview card in a compact form', async () => {
    await render('compact');
    const section = await screen.findByRole('region', {
      name: 'Trend over the last 30 days',
    });
    expect(
      await within(section).findByText(
        'STRICT coverage 0% → 100% over 30 days (better)',
        { selector: 'dd' },
      ),
    ).toBeInTheDocument();
    const [first] = within(section).getAllByRole('img');
    expect(first).toHaveAttribute('width', '80');
  });
});
