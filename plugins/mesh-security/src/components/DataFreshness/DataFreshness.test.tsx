import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { DataFreshness } from './DataFreshness';

const now = Date.parse('2025-03-01T12:03:00Z');

describe('DataFreshness', () => {
  it('says when the report was generated and that its sources are fine', async () => {
    await renderInTestApp(
      <DataFreshness
        now={now}
        generatedAt="2025-03-01T12:00:00Z"
        sources={[
          {
            name: 'kubernetes:demo',
            kind: 'kubernetes',
            state: 'ok',
            lastSuccessAt: '2025-03-01T12:00:00Z',
          },
        ]}
      />,
    );
    expect(screen.getByText('Generated 3 min ago')).toBeInTheDocument();
    expect(screen.getByText('kubernetes:demo: ok')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('warns about partial, stale and failed sources', async () => {
    await renderInTestApp(
      <DataFreshness
        now={now}
        generatedAt="2025-03-01T12:00:00Z"
        sources={[
          {
            name: 'kubernetes:prod-eu',
            kind: 'kubernetes',
            state: 'partial',
            warnings: ['AuthorizationPolicy: forbidden (403)'],
          },
          {
            name: 'prometheus',
            kind: 'prometheus',
            state: 'stale',
            lastSuccessAt: '2025-03-01T10:00:00Z',
          },
          {
            name: 'manifests',
            kind: 'manifests',
            state: 'error',
            message: 'no such directory',
          },
        ]}
      />,
    );
    const alerts = screen.getAllByRole('alert').map(a => a.textContent);
    expect(alerts).toEqual([
      'Partial data from kubernetes:prod-eu: AuthorizationPolicy: forbidden (403).',
      'Data from prometheus is stale (last successful read 2 h ago).',
      'manifests could not be read (never read successfully): no such directory.',
    ]);
    expect(screen.getByText('manifests: error')).toBeInTheDocument();
  });
});
