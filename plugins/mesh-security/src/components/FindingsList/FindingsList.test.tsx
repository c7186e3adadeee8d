import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  legacyServicePosture,
  postureWithManyFindings,
} from '../../__fixtures__';
import { FindingsList } from './FindingsList';

describe('FindingsList', () => {
  it('pages 250 findings by 20, worst first', async () => {
    const { findings } = postureWithManyFindings(250);
    await renderInTestApp(<FindingsList findings={findings} />);
    expect(screen.getByText('Findings (250)')).toBeInTheDocument();
    expect(
      screen.getByText('84 high · 83 medium · 83 low'),
    ).toBeInTheDocument();
    let articles = screen.getAllByRole('article');
    expect(articles).toHaveLength(20);
    expect(
      articles.every(a => a.getAttribute('aria-label')?.startsWith('high')),
    ).toBe(true);
    await userEvent.click(
      screen.getByRole('button', { name: 'findings page 13' }),
    );
    articles = screen.getAllByRole('article');
    expect(articles).toHaveLength(10);
    expect(
      articles.every(a => a.getAttribute('aria-label')?.startsWith('low')),
    ).toBe(true);
  });

  it('keeps the same finding of two clusters apart, each with its cluster', async () => {
    const [finding] = legacyServicePosture.findings;
    const error = jest.spyOn(console, 'error');
    await renderInTestApp(
      <FindingsList
        findings={[
          { ...finding, cluster: 'eu-west' },
          { ...finding, cluster: 'us-east' },
        ]}
      />,
    );
    const articles = screen.getAllByRole('article');
    expect(articles).toHaveLength(2);
    expect(articles[0]).toHaveTextContent('cluster eu-west');
    expect(articles[1]).toHaveTextContent('cluster us-east');
    // React warns about duplicate keys through console.error
    expect(
      error.mock.calls.filter(args => String(args[0]).includes('same key')),
    ).toEqual([]);
    error.mockRestore();
  });

  it('shows the remediation YAML with a labelled copy button', async () => {
    await renderInTestApp(
      <FindingsList findings={legacyServicePosture.findings} />,
    );
    expect(
      screen.getByRole('button', {
        name: 'Copy remediation for workload-outside-mesh on legacy/legacy-service',
      }),
    ).toBeInTheDocument();
    // folded: highlighted only on request
    expect(screen.queryByText(/istio-injection/)).not.toBeInTheDocument();
    const toggle = screen.getByRole('button', {
      name: 'Show remediation for workload-outside-mesh on legacy/legacy-service',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(await screen.findByText(/istio-injection/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: 'Hide remediation for workload-outside-mesh on legacy/legacy-service',
      }),
    ).toHaveAttribute('aria-expanded', 'true');
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
  });
});
