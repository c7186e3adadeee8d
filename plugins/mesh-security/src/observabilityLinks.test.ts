import { mockApis } from '@backstage/test-utils';
import { fillTemplate, observabilityLinks } from './observabilityLinks';

const where = {
  namespace: 'payments',
  workload: 'payment-service',
  cluster: 'prod eu',
};

describe('observabilityLinks', () => {
  it('fills every placeholder, URL-encoded, and keeps the tool order', () => {
    const config = mockApis.config({
      data: {
        meshSecurity: {
          links: {
            jaeger: 'https://jaeger/search?service={workload}.{namespace}',
            kiali:
              'https://kiali/console/namespaces/{namespace}/workloads/{workload}?cluster={cluster}',
          },
        },
      },
    });
    expect(observabilityLinks(config, where)).toEqual([
      {
        title: 'Kiali',
        url: 'https://kiali/console/namespaces/payments/workloads/payment-service?cluster=prod%20eu',
      },
      {
        title: 'Jaeger',
        url: 'https://jaeger/search?service=payment-service.payments',
      },
    ]);
  });

  it('returns nothing when no template is configured', () => {
    expect(observabilityLinks(mockApis.config(), where)).toEqual([]);
    expect(
      observabilityLinks(
        mockApis.config({
          data: { meshSecurity: { links: { grafana: '  ' } } },
        }),
        where,
      ),
    ).toEqual([]);
  });

  it('leaves unknown placeholders alone', () => {
    expect(fillTemplate('https://g/{dashboard}/{namespace}', where)).toBe(
      'https://g/{dashboard}/payments',
    );
  });
});
