import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  FAKE_CLUSTER,
  fakeClusterConfig,
  kindOfList,
  listPage,
  notFound,
} from './__testUtils__/fakeKubernetes';
import { component } from './__testUtils__/fixtures';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import meshSecurityPlugin from './index';

/**
 * The real Kubernetes backend plugin, configured with one cluster whose API
 * server is this fake: cluster-wide lists served in pages of `limit` with
 * `continue` tokens, and AuthorizationPolicies forbidden to the service account.
 */
describe('mesh-security with the Kubernetes plugin', () => {
  const server = setupServer();
  const seen = { continued: 0, unauthorized: 0, forbidden: 0 };

  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());

  beforeEach(() => {
    server.use(
      http.get(`${FAKE_CLUSTER.url}/*`, ({ request: req }) => {
        if (
          req.headers.get('authorization') !== `Bearer ${FAKE_CLUSTER.token}`
        ) {
          seen.unauthorized++;
          return HttpResponse.json(
            { kind: 'Status', code: 401, reason: 'Unauthorized' },
            { status: 401 },
          );
        }
        const url = new URL(req.url);
        const kind = kindOfList(url);
        if (!kind) return notFound();
        if (kind === 'AuthorizationPolicy') {
          seen.forbidden++;
          return HttpResponse.json(
            {
              kind: 'Status',
              status: 'Failure',
              reason: 'Forbidden',
              code: 403,
              message:
                'authorizationpolicies.security.istio.io is forbidden: User "system:serviceaccount:backstage:reader" cannot list resource',
            },
            { status: 403 },
          );
        }
        if (Number(url.searchParams.get('continue') ?? 0) > 0) seen.continued++;
        return listPage(url, kind);
      }),
    );
  });

  it('serves the workload, its mode and the partial-source warning on the entity endpoint', async () => {
    const { server: httpServer } = await startTestBackend({
      features: [
        meshSecurityPlugin,
        kubernetesPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: fakeClusterConfig,
            meshSecurity: { kubernetes: { pageSize: 2 } },
          },
        }),
        catalogServiceMock.factory({
          entities: [component('payment-service')],
        }),
      ],
    });

    let res = await request(httpServer).get(
      '/api/mesh-security/entities/default/component/payment-service',
    );
    for (let i = 0; i < 100 && res.status === 503; i++) {
      await new Promise(r => setTimeout(r, 200));
      res = await request(httpServer).get(
        '/api/mesh-security/entities/default/component/payment-service',
      );
    }
    expect(res.status).toBe(200);
    const posture: EntityPosture = res.body;

    expect(
      posture.workloads.map(w => [
        w.cluster,
        w.namespace,
        w.name,
        w.kind,
        w.mtlsMode,
      ]),
    ).toEqual([
      ['test-cluster', 'payments', 'payment-service', 'Deployment', 'STRICT'],
    ]);
    expect(posture.workloads[0].decidedBy).toBe('payments/default');
    expect(posture.sources).toEqual([
      expect.objectContaining({
        name: 'kubernetes:test-cluster',
        kind: 'kubernetes',
        state: 'partial',
        warnings: [
          'AuthorizationPolicy: forbidden (403)',
          'AuthorizationPolicy: never read; results that depend on it are unknown',
        ],
        unknownKinds: ['AuthorizationPolicy'],
      }),
    ]);
    // never read as "no policies"
    expect(posture.summary).toMatchObject({
      hasAuthorizationPolicy: null,
      unknownKinds: ['AuthorizationPolicy'],
    });
    expect(seen.continued).toBeGreaterThan(0);
    expect(seen.forbidden).toBeGreaterThan(0);
    expect(seen.unauthorized).toBe(0);
  }, 60_000);
});
