import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  Finding,
  SuppressedFinding,
} from '@mesh-security/plugin-mesh-security-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FindingsList } from '../FindingsList';
import { MeshOverviewSections } from '../MeshOverviewPage/MeshOverview';
import { referenceOverview } from '../MeshOverviewPage/__fixtures__/referenceScenario';
import { SuppressedFindings } from './SuppressedFindings';

const legacy: SuppressedFinding & { cluster: string } = {
  rule: 'workload-outside-mesh',
  severity: 'medium',
  subject: 'legacy/legacy-service',
  reason: 'legacy-service runs without a proxy.',
  cluster: 'eu-west',
  suppression: {
    by: 'config',
    reason: 'retired in Q4, ticket SEC-42',
    until: '2026-12-31',
  },
};
const disabled: SuppressedFinding & { cluster: string } = {
  rule: 'mtls-disabled',
  severity: 'high',
  subject: 'shop/web',
  reason: 'shop/web accepts only plaintext.',
  cluster: 'us-east',
  suppression: { by: 'annotation', reason: null },
};

// material-table renders slowly in jsdom on a busy machine
jest.setTimeout(30_000);

describe('SuppressedFindings', () => {
  it('renders nothing without suppressed findings', async () => {
    await renderInTestApp(
      <div data-testid="host">
        <SuppressedFindings findings={[]} />
        <SuppressedFindings findings={undefined} />
      </div>,
    );
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });

  it('starts folded, and opens and closes from the keyboard', async () => {
    await renderInTestApp(
      <SuppressedFindings findings={[legacy, disabled]} showCluster />,
    );
    const toggle = screen.getByRole('button', { name: 'Suppressed (2)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText(/SEC-42/)).not.toBeInTheDocument();

    await userEvent.tab();
    expect(toggle).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const list = document.getElementById(
      toggle.getAttribute('aria-controls')!,
    )!;
    const items = within(list).getAllByRole('listitem');
    // worst first
    expect(items.map(i => i.getAttribute('aria-label'))).toEqual([
      'suppressed high finding mtls-disabled',
      'suppressed medium finding workload-outside-mesh',
    ]);
    expect(items[0]).toHaveTextContent(
      'Suppressed by mesh-security.io/suppress annotation: no reason given',
    );
    expect(items[0]).toHaveTextContent('shop/web · cluster us-east');
    expect(items[1]).toHaveTextContent(
      'Suppressed by suppression configuration: retired in Q4, ticket SEC-42 (until 2026-12-31)',
    );
    expect(items[1]).toHaveTextContent('legacy-service runs without a proxy.');

    await userEvent.keyboard(' ');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText(/SEC-42/)).not.toBeInTheDocument();
  });

  it("sits in the entity tab's findings list, outside the count", async () => {
    const open: Finding = {
      rule: 'mtls-permissive',
      severity: 'low',
      subject: 'shop/web',
      reason: 'shop/web accepts plaintext.',
    };
    await renderInTestApp(
      <FindingsList findings={[open]} suppressed={[disabled]} />,
    );
    expect(screen.getByText('Findings (1)')).toBeInTheDocument();
    expect(screen.getAllByRole('article')).toHaveLength(1);
    await userEvent.click(
      screen.getByRole('button', { name: 'Suppressed (1)' }),
    );
    expect(
      screen.getByRole('listitem', {
        name: 'suppressed high finding mtls-disabled',
      }),
    ).toBeInTheDocument();
  });

  it("sits under the overview's audit list", async () => {
    await renderInTestApp(
      <TestApiProvider apis={[]}>
        <MeshOverviewSections
          overview={{ ...referenceOverview, suppressed: [legacy] }}
        />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const findings = screen.getByTestId('mesh-findings');
    await userEvent.click(
      within(findings).getByRole('button', { name: 'Suppressed (1)' }),
    );
    expect(
      within(findings).getByRole('listitem', {
        name: 'suppressed medium finding workload-outside-mesh',
      }),
    ).toHaveTextContent('legacy/legacy-service · cluster eu-west');
  });
});
