import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { flow } from '../../__fixtures__';
import { TRAFFIC_PAGE_SIZE, TrafficTable, sortFlows } from './TrafficTable';

/** 45 callers: caller i sends i+1 rps; every third has no p99. */
const flows = Array.from({ length: 45 }, (_, i) =>
  flow('inbound', `load/caller-${String(i).padStart(2, '0')}`, i + 1, {
    p99Ms: i % 3 === 0 ? null : 100 - i,
  }),
);

const peers = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map(r => r.querySelector('td')?.textContent ?? '');

const header = (name: string) =>
  screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });

describe('TrafficTable', () => {
  it('renders only the current page, busiest first, with every column', async () => {
    await renderInTestApp(<TrafficTable flows={flows} />);
    expect(
      screen.getByRole('table', { name: 'Callers and destinations' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual(
      ['Peer', 'Direction', 'Rate', 'Errors', 'p50', 'p99', 'mTLS', 'Health'],
    );
    expect(peers()).toHaveLength(TRAFFIC_PAGE_SIZE);
    expect(peers()[0]).toBe('load/caller-44');
    expect(header('Rate')).toHaveAttribute('aria-sort', 'descending');
    expect(header('Peer')).not.toHaveAttribute('aria-sort');
    const row = screen.getAllByRole('row')[1];
    expect(row).toHaveTextContent('caller (in)');
    expect(row).toHaveTextContent('45 rps');
    expect(row).toHaveTextContent('mTLS');
    expect(row).toHaveTextContent('OK');
    expect(screen.getByText('1-20 of 45')).toBeInTheDocument();
  });

  it('sorts all rows, not just the page, and flips direction on a second click', async () => {
    await renderInTestApp(<TrafficTable flows={flows} />);
    await userEvent.click(screen.getByRole('button', { name: 'Peer' }));
    expect(header('Peer')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Rate')).not.toHaveAttribute('aria-sort');
    expect(peers()[0]).toBe('load/caller-00');
    await userEvent.click(screen.getByRole('button', { name: 'Peer' }));
    expect(header('Peer')).toHaveAttribute('aria-sort', 'descending');
    expect(peers()[0]).toBe('load/caller-44');
    // p99 descending by default; missing latencies last
    await userEvent.click(screen.getByRole('button', { name: 'p99' }));
    expect(header('p99')).toHaveAttribute('aria-sort', 'descending');
    expect(peers()[0]).toBe('load/caller-01');
  });

  it('pages through the sorted rows and back to the first page on a new sort', async () => {
    await renderInTestApp(<TrafficTable flows={flows} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Next traffic page' }),
    );
    expect(peers()[0]).toBe('load/caller-24');
    await userEvent.click(
      screen.getByRole('button', { name: 'Next traffic page' }),
    );
    expect(peers()).toEqual([
      'load/caller-04',
      'load/caller-03',
      'load/caller-02',
      'load/caller-01',
      'load/caller-00',
    ]);
    expect(screen.getByText('41-45 of 45')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Next traffic page' }),
    ).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Peer' }));
    expect(peers()[0]).toBe('load/caller-00');
    expect(screen.getByText('1-20 of 45')).toBeInTheDocument();
  });

  it('filters by peer', async () => {
    await renderInTestApp(<TrafficTable flows={flows} />);
    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search traffic by peer' }),
      'caller-1',
    );
    expect(peers()).toEqual(
      Array.from({ length: 10 }, (_, i) => `load/caller-${19 - i}`),
    );
    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search traffic by peer' }),
      'x',
    );
    expect(screen.getByText('No traffic matches the search.')).toBeVisible();
  });

  it('says so when there is no traffic, without search or paging', async () => {
    await renderInTestApp(<TrafficTable flows={[]} />);
    expect(
      screen.getByText('No traffic observed in the window.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Next traffic page' }),
    ).not.toBeInTheDocument();
  });
});

describe('sortFlows', () => {
  it('is stable in both directions and leaves its input alone', () => {
    const input = [
      flow('inbound', 'a', 1),
      flow('inbound', 'b', 2),
      flow('outbound', 'c', 1),
    ];
    const copy = [...input];
    expect(sortFlows(input, 'rate', 'desc').map(f => f.peer)).toEqual([
      'b',
      'a',
      'c',
    ]);
    expect(sortFlows(input, 'rate', 'asc').map(f => f.peer)).toEqual([
      'a',
      'c',
      'b',
    ]);
    expect(sortFlows(input, 'direction', 'desc').map(f => f.peer)).toEqual([
      'c',
      'a',
      'b',
    ]);
    expect(input).toEqual(copy);
  });

  it('puts plaintext below partial mTLS and unknown below plaintext', () => {
    const input = [
      flow('inbound', 'full', 1),
      flow('inbound', 'unknown', 1, { mtlsShare: null }),
      flow('inbound', 'plain', 1, { plaintext: true, mtlsShare: 0 }),
      flow('inbound', 'half', 1, { mtlsShare: 0.5 }),
    ];
    expect(sortFlows(input, 'mtlsShare', 'asc').map(f => f.peer)).toEqual([
      'unknown',
      'plain',
      'half',
      'full',
    ]);
    expect(
      sortFlows(
        [
          flow('inbound', 'ok', 1),
          flow('inbound', 'crit', 1, { health: 'CRIT' }),
          flow('inbound', 'warn', 1, { health: 'WARN' }),
        ],
        'health',
        'desc',
      ).map(f => f.peer),
    ).toEqual(['crit', 'warn', 'ok']);
  });
});

it('keeps the table inside a labelled region of its own', async () => {
  await renderInTestApp(<TrafficTable flows={flows} title="Traffic" />);
  const table = screen.getByRole('table', { name: 'Traffic' });
  expect(within(table).getAllByRole('row')).toHaveLength(TRAFFIC_PAGE_SIZE + 1);
});
