import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  apiGatewayEntity,
  apiGatewayPosture,
  FakeMeshSecurityApi,
  legacyServiceEntity,
  legacyServicePosture,
  notificationSvcEntity,
  notificationSvcPosture,
  paymentServiceEntity,
  paymentServicePosture,
  retoolEntity,
  retoolPosture,
  unannotatedEntity,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityMeshSecurityContent } from './EntityMeshSecurityContent';

const api = new FakeMeshSecurityApi({
  postures: [
    paymentServicePosture,
    legacyServicePosture,
    apiGatewayPosture,
    retoolPosture,
    notificationSvcPosture,
  ],
});

/** The workload card: the card holding the decision chain. */
async function findWorkloadCard(): Promise<HTMLElement> {
  const chain = await screen.findByRole('list', {
    name: 'mTLS decision chain',
  });
  return chain.closest('.MuiCard-root') as HTMLElement;
}

function renderTab(entity = paymentServiceEntity, config = {}) {
  return renderForEntity(<EntityMeshSecurityContent />, {
    entity,
    api,
    config,
  });
}

describe('EntityMeshSecurityContent', () => {
  it('shows payment-service as STRICT, decided by the mesh and its namespace policy', async () => {
    await renderTab();
    const card = await findWorkloadCard();
    expect(
      within(card).getByText('payments/payment-service'),
    ).toBeInTheDocument();
    expect(within(card).getByText('sidecar')).toBeInTheDocument();
    expect(within(card).getByText('STRICT')).toBeInTheDocument();
    const chain = within(card).getByRole('list', {
      name: 'mTLS decision chain',
    });
    expect(
      within(chain)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['default', 'istio-system/default', 'payments/default']);
    expect(
      within(card).getByText('Ports that differ').nextSibling,
    ).toHaveTextContent('none');
    expect(screen.queryByText('Ready for STRICT')).not.toBeInTheDocument();
    expect(
      screen.getByText('No findings for the workloads of this entity.'),
    ).toBeInTheDocument();
  });

  it('shows a declared workload (a template, no Pod) as such', async () => {
    const declared = {
      ...paymentServicePosture,
      workloads: paymentServicePosture.workloads.map(w => ({
        ...w,
        pods: [],
        declared: true,
      })),
    };
    await renderForEntity(<EntityMeshSecurityContent />, {
      entity: paymentServiceEntity,
      api: new FakeMeshSecurityApi({ postures: [declared] }),
    });
    const card = await findWorkloadCard();
    expect(
      within(card).getByText(
        'Deployment · cluster demo · declared, 0 pods (judged from its pod template)',
      ),
    ).toBeInTheDocument();
  });

  it('opens the details of a policy of the decision chain, with a YAML summary', async () => {
    await renderTab();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show payments/default details',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('payments/default')).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'Level: namespace. Mode as written: STRICT',
    );
    expect(within(dialog).getByText('Summary (YAML)')).toBeInTheDocument();
    // the syntax highlighter loads lazily
    await waitFor(() =>
      expect(dialog).toHaveTextContent('kind: PeerAuthentication'),
    );
    expect(dialog).toHaveTextContent('namespace: payments');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('draws the traffic graph with labelled mTLS edges and lists them in the table', async () => {
    await renderTab();
    const label = await screen.findByText('1,000 rps · mTLS');
    expect(label.closest('[data-security]')).toHaveAttribute(
      'data-security',
      'mtls',
    );
    const table = screen
      .getByText('Callers and destinations')
      .closest('.MuiPaper-root') as HTMLElement;
    const row = within(table)
      .getByText('shop/order-service')
      .closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('caller (in)');
    expect(row).toHaveTextContent('1,000 rps');
    expect(row).toHaveTextContent('0.3%');
    expect(row).toHaveTextContent('200 ms');
    expect(row).toHaveTextContent('mTLS');
    expect(row).toHaveTextContent('OK');
    expect(
      screen.getByText('1 of 1 workloads accept only mTLS'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('100% of inbound requests used mTLS'),
    ).toBeInTheDocument();
  });

  it('shows legacy-service outside the mesh, reached in plaintext, with the finding and its callers', async () => {
    await renderTab(legacyServiceEntity);
    const card = await findWorkloadCard();
    expect(within(card).getByText('legacy/legacy-service')).toBeInTheDocument();
    expect(within(card).getByText('NONE')).toBeInTheDocument();
    expect(within(card).getByText('Mesh').nextSibling).toHaveTextContent(
      /^none/,
    );
    expect(
      screen.getByText(/Without a proxy no PeerAuthentication is enforced/),
    ).toBeInTheDocument();
    const label = await screen.findByText('200 rps · plaintext');
    expect(label.closest('[data-security]')).toHaveAttribute(
      'data-security',
      'plaintext',
    );
    const row = screen
      .getAllByText('shop/order-service')
      .map(e => e.closest('tr'))
      .find(Boolean) as HTMLElement;
    expect(row).toHaveTextContent('plaintext');
    expect(row).toHaveTextContent('WARN');
    expect(
      screen.getByText(/Plaintext callers: shop\/order-service/),
    ).toBeInTheDocument();
    const finding = screen.getByRole('article', {
      name: 'high finding plaintext-traffic-observed',
    });
    expect(within(finding).getByText('high')).toBeInTheDocument();
    expect(finding).toHaveTextContent('Callers: shop/order-service');
    // worst first: the high finding comes before the medium one
    const articles = screen
      .getAllByRole('article')
      .map(a => a.getAttribute('aria-label'));
    expect(articles).toEqual([
      'high finding plaintext-traffic-observed',
      'medium finding workload-outside-mesh',
    ]);
  });

  it('contrasts who may call api-gateway with who does, flagging unknown and unused grants', async () => {
    await renderTab(apiGatewayEntity);
    const allowed = await screen.findByRole('list', {
      name: 'Allowed callers',
    });
    const frontend = within(allowed)
      .getByText('cluster.local/ns/shop/sa/frontend')
      .closest('div') as HTMLElement;
    expect(
      within(frontend).getByText('unknown service account'),
    ).toBeInTheDocument();
    expect(within(frontend).getByText('unused')).toBeInTheDocument();
    const admin = within(allowed)
      .getByText('cluster.local/ns/shop/sa/admin-service')
      .closest('div') as HTMLElement;
    expect(within(admin).getByText('unused')).toBeInTheDocument();
    const retool = within(allowed)
      .getByText('cluster.local/ns/tools/sa/retool')
      .closest('div') as HTMLElement;
    expect(within(retool).queryByText('unused')).not.toBeInTheDocument();
    expect(allowed).toHaveTextContent(
      'may: GET, POST /api/v1/users/*, /api/v1/orders/*',
    );
    expect(screen.getByTestId('authz-stance')).toHaveTextContent('restricted');
    const callers = screen.getByRole('list', { name: 'Observed callers' });
    expect(
      within(callers)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'istio-system/istio-ingressgateway · 4,988 rps · mTLS',
      'tools/retool · 12 rps · mTLS',
    ]);
  });

  it('sorts the traffic table when a column header is activated', async () => {
    await renderTab(apiGatewayEntity);
    const table = (await screen.findByText('Callers and destinations')).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    const firstPeer = () =>
      within(table).getAllByRole('row')[1].querySelector('td')?.textContent;
    expect(firstPeer()).toBe('istio-system/istio-ingressgateway');
    const p99Header = () =>
      within(table)
        .getAllByRole('button', { name: 'p99' })
        .find(b => b.classList.contains('MuiTableSortLabel-root'))!;
    await userEvent.click(p99Header());
    // whichever direction the Table chose, the rows must follow it
    await waitFor(() => {
      const header = p99Header();
      expect(header).toHaveClass('MuiTableSortLabel-active');
      const ascending = !!header.querySelector(
        '.MuiTableSortLabel-iconDirectionAsc',
      );
      expect(firstPeer()).toBe(
        ascending ? 'shop/user-service' : 'shop/order-service',
      );
    });
  });

  it('explains that retool has no policy, and shows its outbound call', async () => {
    await renderTab(retoolEntity);
    expect(await screen.findByTestId('authz-stance')).toHaveTextContent(
      'no-policy: No ALLOW policy applies',
    );
    expect(await screen.findByText('12 rps · mTLS')).toBeInTheDocument();
    expect(
      screen.getByText('No caller was observed in the window.'),
    ).toBeInTheDocument();
  });

  it('offers notification-svc the STRICT PeerAuthentication when it is ready', async () => {
    await renderTab(notificationSvcEntity);
    const banner = (await screen.findByText('Ready for STRICT')).closest(
      '[role="status"]',
    ) as HTMLElement;
    expect(banner).toHaveTextContent('Every request notification-svc received');
    await waitFor(() => expect(banner).toHaveTextContent('mode: STRICT'));
    expect(
      within(banner).getByRole('button', {
        name: 'Copy remediation for STRICT for comms/notification-svc',
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('PERMISSIVE').length).toBeGreaterThan(0);
  });

  it('explains the annotation with a YAML example instead of calling the backend', async () => {
    const spy = new FakeMeshSecurityApi();
    await renderForEntity(<EntityMeshSecurityContent />, {
      entity: unannotatedEntity,
      api: spy,
    });
    expect(
      screen.getByText('No Kubernetes workloads linked to this entity'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      'backstage.io/kubernetes-id: docs-site',
    );
    expect(spy.postureRequests).toEqual([]);
  });

  it('shows a backend error', async () => {
    await renderForEntity(<EntityMeshSecurityContent />, {
      entity: paymentServiceEntity,
      api: new FakeMeshSecurityApi(),
    });
    expect(
      await screen.findByText(
        'Error: No mesh-security data for component:default/payment-service',
      ),
    ).toBeInTheDocument();
  });

  it('links to Kiali, Grafana and Jaeger only when configured', async () => {
    await renderTab(paymentServiceEntity, {
      meshSecurity: {
        links: {
          kiali:
            'https://kiali.example/namespaces/{namespace}/workloads/{workload}',
          grafana:
            'https://grafana.example/d/istio?var-workload={workload}&var-cluster={cluster}',
        },
      },
    });
    const kiali = await screen.findByRole('link', {
      name: 'Open payments/payment-service in Kiali, Opens in a new window',
    });
    expect(kiali).toHaveAttribute(
      'href',
      'https://kiali.example/namespaces/payments/workloads/payment-service',
    );
    expect(screen.getByRole('link', { name: /in Grafana/ })).toHaveAttribute(
      'href',
      'https://grafana.example/d/istio?var-workload=payment-service&var-cluster=demo',
    );
    expect(
      screen.queryByRole('link', { name: /in Jaeger/ }),
    ).not.toBeInTheDocument();
  });

  it('hides the deep links without configuration', async () => {
    await renderTab();
    await screen.findByText('Traffic of payments/payment-service');
    expect(screen.queryByText('Open in')).not.toBeInTheDocument();
  });
});
