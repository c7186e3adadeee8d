import '@testing-library/jest-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  meshSecurityApiRef,
  type MeshSecurityApi,
} from '../../api/MeshSecurityApi';
import { FakeMeshSecurityApi } from '../../__fixtures__';
import {
  commerceHistory,
  history,
  historyPoint,
} from './__fixtures__/histories';
import { TeamTrend } from './TeamTrend';

jest.setTimeout(30_000);

const ninetyDays = history('group:default/commerce-team', 90, [
  historyPoint(89.5, { strict: 1, mtls: 0.5, findings: 5, grade: 'E' }),
  ...commerceHistory.points,
]);

function render(api: MeshSecurityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshSecurityApiRef, api]]}>
      <TeamTrend groupRef="group:default/commerce-team" />
    </TestApiProvider>,
  );
}

describe('TeamTrend', () => {
  it('charts 30 days of the team with the changes written out', async () => {
    const api = new FakeMeshSecurityApi({ histories: [commerceHistory] });
    await render(api);

    const chart = await screen.findByRole('img', {
      name: /^STRICT coverage and mTLS traffic share over 30 days/,
    });
    expect(chart).toHaveAccessibleName(
      'STRICT coverage and mTLS traffic share over 30 days: STRICT coverage 66.7% → 100% over 30 days (better); mTLS traffic 80% → 95% over 30 days (better)',
    );
    const changes = within(screen.getByRole('list', { name: 'Changes' }));
    expect(changes.getAllByRole('listitem').map(li => li.textContent)).toEqual([
      'STRICT coverage 66.7% → 100% over 30 days (better)',
      'mTLS traffic 80% → 95% over 30 days (better)',
      'Findings 2 → 1 over 30 days (better)Findings 2 → 1 over 30 days (better)',
      'Grade C → B over 30 days (better)',
    ]);
    // told apart without colour: the legend names each line's pattern
    const legend = within(screen.getByRole('list', { name: 'Legend' }));
    expect(
      legend.getByText(/STRICT coverage \(solid line, circle\)/),
    ).toBeInTheDocument();
    expect(
      legend.getByText(/mTLS traffic \(dashed line, square\)/),
    ).toBeInTheDocument();
    expect(api.historyRequests).toEqual([
      { ref: 'group:default/commerce-team', days: 30 },
    ]);
  });

  it('switches to 90 days', async () => {
    const api = new FakeMeshSecurityApi({ histories: [ninetyDays] });
    await render(api);
    await screen.findByText(/^STRICT coverage 33.3% → 100%/);
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: '90 days' }));
    expect(
      await screen.findByRole('heading', { name: 'Trend, last 90 days' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '90 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      await screen.findByText('Grade E → B over 90 days (better)'),
    ).toBeInTheDocument();
    expect(api.historyRequests.map(r => r.days)).toEqual([30, 90]);
  });

  it('says when there is no history yet', async () => {
    await render(
      new FakeMeshSecurityApi({
        histories: [history('group:default/commerce-team', 30, [])],
      }),
    );
    expect(
      await screen.findByText(
        'No history yet: a point is recorded at every refresh.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('shows a failure, and hides itself when history is turned off (404)', async () => {
    const failing = new FakeMeshSecurityApi();
    failing.getTeamHistory = async () => {
      throw new Error('database unreachable');
    };
    const { unmount } = await render(failing);
    expect(
      await screen.findByText('Trend unavailable: database unreachable'),
    ).toBeInTheDocument();
    unmount();

    // the fake answers 404 for a history it does not have
    await render(new FakeMeshSecurityApi());
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(screen.queryByText(/Trend/)).not.toBeInTheDocument();
  });

  it('renders nothing, and asks nothing, with an API that has no history methods', async () => {
    const api = new FakeMeshSecurityApi({ histories: [commerceHistory] });
    // an implementation written before the history methods
    const older: MeshSecurityApi = {
      getEntityPosture: ref => api.getEntityPosture(ref),
      getTeamScorecard: ref => api.getTeamScorecard(ref),
      getOverview: () => api.getOverview(),
    };
    await render(older);
    expect(screen.queryByText(/Trend/)).not.toBeInTheDocument();
    expect(api.historyRequests).toEqual([]);
  });
});
