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
import { SHOWN_GRANTS } from './WhoMayCall';

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

  it('shows the first ALLOW rules, flagged callers first, and the rest on request', async () => {
    const total = SHOWN_GRANTS + 5;
    const rule = (i: number) => ({
      policy: `edge/allow-${String(i).padStart(3, '0')}`,
      action: 'ALLOW' as const,
      ruleIndex: 0,
      from: [{ principals: [`cluster.local/ns/edge/sa/caller-${i}`] }],
      to: [],
      when: [],
      matchesEverything: false,
      dryRun: false,
    });
    const rules = Array.from({ length: total }, (_, i) => rule(i));
    const busy: EntityWorkload = {
      ...retool,
      authorization: {
        ...retool.authorization,
        stance: 'restricted',
        policies: rules.map(r => r.policy),
        allow: rules,
      },
    };
    // the last rule's caller never called: it is listed first
    const last = rules[total - 1];
    const unused = {
      rule: 'authz-unused-grant' as const,
      severity: 'low' as const,
      subject: last.policy,
      reason: 'never seen calling',
      detail: { grant: last.from[0].principals[0] },
    };
    await renderInTestApp(<AccessPanel workload={busy} findings={[unused]} />);
    const grants = () =>
      within(
        screen.getByRole('list', { name: 'Allowed callers' }),
      ).getAllByRole('listitem');
    expect(grants()).toHaveLength(SHOWN_GRANTS);
    expect(grants()[0]).toHaveTextContent(`${last.policy} rule 1`);
    expect(grants()[0]).toHaveTextContent('unused');
    expect(grants()[1]).toHaveTextContent('edge/allow-000 rule 1');
    expect(
      screen.getByText(
        `Showing ${SHOWN_GRANTS} of ${total} rules, flagged callers first.`,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: `Show all ${total} rules` }),
    );
    expect(grants()).toHaveLength(total);
    expect(
      screen.queryByRole('button', { name: /Show all .* rules/ }),
    ).not.toBeInTheDocument();
  });
});
