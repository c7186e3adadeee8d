import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityPosture,
  KubeObject,
} from '@mesh-security/plugin-mesh-security-common';
import { parseManifests } from '@mesh-security/mesh-security-engine';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { component } from './__testUtils__/fixtures';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import meshSecurityPlugin from './index';

const MANIFESTS = resolve(__dirname, '../../../examples/mesh/manifests');
const demoObjects: KubeObject[] = readdirSync(MANIFESTS)
  .filter(f => f.endsWith('.yaml'))
  .flatMap(f => parseManifests(readFileSync(join(MANIFESTS, f), 'utf8'), f));

/** resource (plural) → kind, for the lists the demo mesh needs */
const RESOURCES: Record<string, string> = {
  namespaces: 'Namespace',
  pods: 'Pod',
  services: 'Service',
  serviceaccounts: 'ServiceAccount',
  replicasets: 'ReplicaSet',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
  peerauthentications: 'PeerAuthentication',
  authorizationpolicies: 'AuthorizationPolicy',
  destinationrules: 'DestinationRule',
  configmaps: 'ConfigMap',
};

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
      http.get('http://k8s.test/*', ({ request: req }) => {
        if (req.headers.get('authorization') !== 'Bearer sa-token') {
          seen.unauthorized++;
          return HttpResponse.json(
            { kind: 'Status', code: 401, reason: 'Unauthorized' },
            { status: 401 },
          );
        }
        const url = new URL(req.url);
        const resource = url.pathname.split('/').pop()!;
        const kind = RESOURCES[resource];
        if (!kind)
          return HttpResponse.json(
            { kind: 'Status', code: 404, reason: 'NotFound' },
            { status: 404 },
          );
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
        const fieldName = url.searchParams
          .get('fieldSelector')
          ?.replace(/^metadata\.name=/, '');
        const all = demoObjects.filter(
          o => o.kind === kind && (!fieldName || o.metadata.name === fieldName),
        );
        const limit = Number(url.searchParams.get('limit') ?? all.length);
        const offset = Number(url.searchParams.get('continue') ?? 0);
        if (offset > 0) seen.continued++;
        const next =
          offset + limit < all.length ? String(offset + limit) : undefined;
        return HttpResponse.json({
          kind: `${kind}List`,
          apiVersion: 'v1',
          metadata: next ? { continue: next } : {},
          // list items carry no kind, like the real API server's
          items: all
            .slice(offset, offset + limit)
            .map(({ kind: _kind, ...rest }) => rest),
        });
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
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'test-cluster',
                      url: 'http://k8s.test',
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'sa-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
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
