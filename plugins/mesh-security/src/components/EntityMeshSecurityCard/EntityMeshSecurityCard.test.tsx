import { screen } from '@testing-library/react';
import {
  FakeMeshSecurityApi,
  legacyServiceEntity,
  legacyServicePosture,
  notificationSvcEntity,
  notificationSvcPosture,
  paymentServiceEntity,
  paymentServicePosture,
  unannotatedEntity,
} from '../../__fixtures__';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { EntityMeshSecurityCard } from './EntityMeshSecurityCard';

const api = new FakeMeshSecurityApi({
  postures: [
    paymentServicePosture,
    legacyServicePosture,
    notificationSvcPosture,
  ],
});

describe('EntityMeshSecurityCard', () => {
  it('summarises payment-service and links to its tab', async () => {
    await renderForEntity(<EntityMeshSecurityCard />, {
      entity: paymentServiceEntity,
      api,
    });
    expect(await screen.findByText('STRICT')).toBeInTheDocument();
    expect(
      screen.getByText('1 of 1 meshed · 1 of 1 STRICT · 100% mTLS traffic', {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Worst finding').nextSibling).toHaveTextContent(
      'none',
    );
    expect(
      screen.getByText('View mTLS / Traffic').closest('a'),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payment-service/mtls',
    );
  });

  it('says when the workloads are declared ones, judged from pod templates', async () => {
    const declared = {
      ...paymentServicePosture,
      workloads: paymentServicePosture.workloads.map(w => ({
        ...w,
        pods: [],
        declared: true,
      })),
    };
    await renderForEntity(<EntityMeshSecurityCard />, {
      entity: paymentServiceEntity,
      api: new FakeMeshSecurityApi({ postures: [declared] }),
    });
    expect(
      await screen.findByText('declared, 0 pods: judged from pod templates'),
    ).toBeInTheDocument();
  });

  it('names the worst finding of legacy-service', async () => {
    await renderForEntity(<EntityMeshSecurityCard tabPath="/mesh" />, {
      entity: legacyServiceEntity,
      api,
    });
    expect(await screen.findByText('NONE')).toBeInTheDocument();
    const worst = screen.getByText('Worst finding').nextSibling as HTMLElement;
    expect(worst).toHaveTextContent('high');
    expect(worst).toHaveTextContent('plaintext-traffic-observed');
    expect(screen.getByText('WARN')).toBeInTheDocument();
    expect(
      screen.getByText('View mTLS / Traffic').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/component/legacy-service/mesh');
  });

  it('points notification-svc to STRICT', async () => {
    await renderForEntity(<EntityMeshSecurityCard />, {
      entity: notificationSvcEntity,
      api,
    });
    expect(await screen.findByText('ready for STRICT')).toBeInTheDocument();
    expect(screen.getByText('PERMISSIVE')).toBeInTheDocument();
  });

  it('asks for the annotation instead of calling the backend', async () => {
    const spy = new FakeMeshSecurityApi();
    await renderForEntity(<EntityMeshSecurityCard />, {
      entity: unannotatedEntity,
      api: spy,
    });
    expect(
      screen.getByText(/Add the backstage.io\/kubernetes-id annotation/),
    ).toBeInTheDocument();
    expect(screen.queryByText('View mTLS / Traffic')).not.toBeInTheDocument();
    expect(spy.postureRequests).toEqual([]);
  });
});
