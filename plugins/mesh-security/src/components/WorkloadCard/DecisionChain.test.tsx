import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { paymentServicePosture } from '../../__fixtures__';
import { DecisionChain } from './DecisionChain';

describe('DecisionChain', () => {
  it('lists one step per line: level, policy, mode as written → effective mode', async () => {
    await renderInTestApp(
      <DecisionChain
        chain={[
          ...paymentServicePosture.workloads[0].decisionChain,
          {
            level: 'port',
            policy: 'payments/payment-service',
            mode: 'PERMISSIVE',
            effective: 'PERMISSIVE',
            port: 9090,
          },
        ]}
      />,
    );
    const steps = within(
      screen.getByRole('list', { name: 'mTLS decision chain' }),
    ).getAllByRole('listitem');
    expect(steps.map(li => li.textContent)).toEqual([
      'Istio defaultdefaultinherits → PERMISSIVE',
      'meshistio-system/defaultSTRICT → STRICT',
      'namespacepayments/defaultSTRICT → STRICT',
      'port 9090payments/payment-servicePERMISSIVE → PERMISSIVE',
    ]);
    // each step is one row of columns whose mode never wraps away from it
    for (const li of steps) {
      expect(li).toHaveStyle({ display: 'grid' });
      expect(within(li).getByText(/→/)).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    expect(
      within(steps[2]).getByRole('button', {
        name: 'Show payments/default details',
      }),
    ).toBeInTheDocument();
  });

  it('says so when no PeerAuthentication applies', async () => {
    await renderInTestApp(<DecisionChain chain={[]} />);
    expect(
      screen.getByText('No PeerAuthentication applies.'),
    ).toBeInTheDocument();
  });
});
