import { renderInTestApp } from '@backstage/test-utils';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  apiGatewayPosture,
  paymentServicePosture,
  postureWithManyEdges,
} from '../../__fixtures__';
import { TrafficPicture } from './TrafficPicture';

describe('TrafficPicture', () => {
  it('keeps a workload with 1,000 edges usable: the busiest 20 drawn, 20 rows a page', async () => {
    const workload = postureWithManyEdges(1000).workloads[0];
    await renderInTestApp(<TrafficPicture workload={workload} />);
    expect(
      screen.getByText(/Showing 20 of 1000 edges \(busiest first\)/),
    ).toBeInTheDocument();
    // DependencyGraph stays hidden until its first layout
    const graph = await screen.findByRole('img', {
      name: /Traffic graph of payments\/payment-service/,
    });
    expect(graph).toHaveAccessibleName(
      // callers 980-999 (rate = number + 1); every tenth is plaintext: 980, 990
      'Traffic graph of payments/payment-service: 20 edges shown, 2 plaintext',
    );
    const table = screen
      .getByText('Callers and destinations')
      .closest('.MuiPaper-root') as HTMLElement;
    const peerCells = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.querySelector('td')?.textContent ?? '')
        .filter(text => text.startsWith('load/'));
    expect(peerCells()).toHaveLength(20);
    expect(peerCells()[0]).toBe('load/caller-0999');
    await userEvent.click(
      within(table).getByRole('button', { name: 'Next traffic page' }),
    );
    expect(peerCells()[0]).toBe('load/caller-0979');
  });

  it('puts the graph, as tall as its peers need, above the full-width table', async () => {
    await renderInTestApp(
      <TrafficPicture workload={apiGatewayPosture.workloads[0]} />,
    );
    const graph = await screen.findByRole('img', {
      name: /Traffic graph of edge\/api-gateway/,
    });
    // two callers and two destinations: two rows of nodes fit the minimum
    expect(graph).toHaveStyle({ height: '100px' });
    const table = screen
      .getByText('Callers and destinations')
      .closest('.MuiPaper-root') as HTMLElement;
    expect(
      graph.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    // nothing shares a row with them
    expect(graph.closest('.MuiGrid-item')).toBeNull();
    expect(table.closest('.MuiGrid-item')).toBeNull();
  });

  it('shows a labelled placeholder, in the graph’s space, until the browser is idle', async () => {
    let idle: (() => void) | undefined;
    Object.assign(window, {
      requestIdleCallback: (callback: () => void) => {
        idle = callback;
        return 1;
      },
      cancelIdleCallback: () => {},
    });
    try {
      await renderInTestApp(
        <TrafficPicture workload={apiGatewayPosture.workloads[0]} />,
      );
      // the table is there already; the graph is not
      expect(screen.getByText('Callers and destinations')).toBeInTheDocument();
      const placeholder = screen.getByRole('status');
      expect(placeholder).toHaveTextContent('Drawing the traffic graph…');
      expect(placeholder).toHaveStyle({ height: '100px' });
      expect(
        screen.queryByRole('img', { name: /Traffic graph/ }),
      ).not.toBeInTheDocument();
      act(() => idle!());
      await screen.findByRole('img', {
        name: /Traffic graph of edge\/api-gateway/,
      });
      expect(screen.queryByRole('status')).not.toBeInTheDocument();
    } finally {
      Reflect.deleteProperty(window, 'requestIdleCallback');
      Reflect.deleteProperty(window, 'cancelIdleCallback');
    }
  });

  it('draws small pictures whole, without paging', async () => {
    await renderInTestApp(
      <TrafficPicture workload={paymentServicePosture.workloads[0]} />,
    );
    expect(screen.queryByText(/Showing \d+ of/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Next traffic page' }),
    ).not.toBeInTheDocument();
  });

  it('says so when there are no metrics', async () => {
    const { traffic, ...withoutTraffic } = paymentServicePosture.workloads[0];
    await renderInTestApp(<TrafficPicture workload={withoutTraffic} />);
    expect(screen.getByText(/No traffic metrics/)).toBeInTheDocument();
  });
});
