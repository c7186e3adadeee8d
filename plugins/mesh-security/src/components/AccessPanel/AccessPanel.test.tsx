import type {
  EntityWorkload,
  OutboundGrant,
} from '@mesh-security/plugin-mesh-security-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  legacyServicePosture,
  paymentServicePosture,
  retoolPosture,
} from '../../__fixtures__';
import { AccessPanel } from './AccessPanel';
import { NO_OUTBOUND_GRANT_TEXT, SHOWN_TARGETS } from './MayCall';

const retool = retoolPosture.workloads[0];

function mayCallSection(): HTMLElement {
  return screen.getByRole('heading', { name: 'May call' })
    .parentElement as HTMLElement;
}

describe('AccessPanel', () => {
  it('shows what retool may call beside who may and does call it', async () => {
    await renderInTestApp(<AccessPanel workload={retool} findings={[]} />);
    expect(screen.getByTestId('authz-stance')).toHaveTextContent('no-policy');
    const targets = within(mayCallSection()).getByRole('list', {
      name: 'Workloads it may call',
    });
    const gateway = within(targets).getByRole('list', {
      name: 'Rules for edge/api-gateway',
    });
    const [rule] = within(gateway).getAllByRole('listitem');
    expect(rule).toHaveTextContent(
      'allowed GET, POST /api/v1/users/*, /api/v1/orders/*',
    );
    expect(rule).toHaveTextContent(
      'edge/allow-retool rule 1 · names its principal cluster.local/ns/tools/sa/retool',
    );
    expect(
      within(rule).getByText('allowed').closest('[data-status]'),
    ).toHaveAttribute('data-status', 'ok');
    expect(mayCallSection()).not.toHaveTextContent(NO_OUTBOUND_GRANT_TEXT);
  });

  it('marks DENY rules "denied" in text and dry runs as not enforced', async () => {
    const grants: OutboundGrant[] = [
      ...retool.mayCall!,
      {
        target: 'edge/api-gateway',
        policy: 'edge/no-retool-deletes',
        ruleIndex: 1,
        action: 'DENY',
        via: 'serviceAccount',
        grant: 'tools/retool',
        to: [{ methods: ['DELETE'] }],
        when: [],
        dryRun: false,
      },
      {
        target: 'shop/orders',
        policy: 'shop/lockdown',
        ruleIndex: 0,
        action: 'DENY',
        via: 'namespace',
        grant: 'tools',
        to: [],
        when: [],
        dryRun: true,
      },
    ];
    await renderInTestApp(
      <AccessPanel workload={{ ...retool, mayCall: grants }} findings={[]} />,
    );
    const gateway = within(
      screen.getByRole('list', { name: 'Rules for edge/api-gateway' }),
    ).getAllByRole('listitem');
    expect(gateway.map(li => li.textContent)).toEqual([
      'denied DELETEedge/no-retool-deletes rule 2 · names its service account tools/retool',
      'allowed GET, POST /api/v1/users/*, /api/v1/orders/*edge/allow-retool rule 1 · names its principal cluster.local/ns/tools/sa/retool',
    ]);
    const [orders] = within(
      screen.getByRole('list', { name: 'Rules for shop/orders' }),
    ).getAllByRole('listitem');
    expect(orders).toHaveTextContent('denied (dry run) any operation');
    expect(orders).toHaveTextContent('dry run, not enforced');
  });

  it('says so when no policy names the identity, or when there is no identity', async () => {
    const { unmount } = await renderInTestApp(
      <AccessPanel
        workload={paymentServicePosture.workloads[0]}
        findings={[]}
      />,
    );
    expect(mayCallSection()).toHaveTextContent(NO_OUTBOUND_GRANT_TEXT);
    unmount();
    await renderInTestApp(
      <AccessPanel
        workload={legacyServicePosture.workloads[0]}
        findings={[]}
      />,
    );
    expect(mayCallSection()).toHaveTextContent(
      'Without a proxy this workload presents no mesh identity',
    );
  });

  it('shows the first targets and the rest on request, and counts what the report left out', async () => {
    const many: EntityWorkload = {
      ...retool,
      mayCallOmitted: 40,
      mayCall: Array.from({ length: SHOWN_TARGETS + 5 }, (_, i) => ({
        ...retool.mayCall![0],
        target: `load/target-${String(i).padStart(3, '0')}`,
      })),
    };
    await renderInTestApp(<AccessPanel workload={many} findings={[]} />);
    const targets = () =>
      within(
        screen.getByRole('list', { name: 'Workloads it may call' }),
      ).getAllByRole('list');
    expect(targets()).toHaveLength(SHOWN_TARGETS);
    await userEvent.click(
      screen.getByRole('button', {
        name: `Show all ${SHOWN_TARGETS + 5} workloads`,
      }),
    );
    expect(targets()).toHaveLength(SHOWN_TARGETS + 5);
    expect(mayCallSection()).toHaveTextContent(
      `40 more rules name this workload; the report keeps the first ${
        SHOWN_TARGETS + 5
      }.`,
    );
  });
});
