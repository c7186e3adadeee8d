import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { component } from './__testUtils__/fixtures';
import { PrometheusSource } from './sources';
import meshSecurityPlugin from './index';

const MANIFESTS = resolve(__dirname, '../../../examples/mesh/manifests');

/**
 * Two backends on one database stand in for two replicas: the refresh runs on
 * one of them, once, and both serve its snapshot.
 */
describe('mesh-security on two replicas', () => {
  const server = setupServer();
  let prometheusQueries = 0;
  let dir: string;

  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-security-replicas-'));
    prometheusQueries = 0;
    server.use(
      http.all('http://prometheus.test/api/v1/query', () => {
        prometheusQueries++;
        return HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        });
      }),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const startReplica = () =>
    startTestBackend({
      features: [
        meshSecurityPlugin,
        // the real scheduler and database: coordination happens in the shared sqlite file
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: dir },
              },
            },
            meshSecurity: {
              kubernetes: { enabled: false },
              manifests: { paths: [MANIFESTS], cluster: 'demo' },
              prometheus: { url: 'http://prometheus.test' },
              refresh: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [component('payment-service')],
        }),
      ],
    });

  async function postureOf(backend: Awaited<ReturnType<typeof startReplica>>) {
    for (let i = 0; i < 120; i++) {
      const res = await request(backend.server).get(
        '/api/mesh-security/entities/default/component/payment-service',
      );
      if (res.status === 200) return res.body;
      expect(res.status).toBe(503);
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error('no snapshot after 30 s');
  }

  it('refreshes once and serves the same snapshot from both', async () => {
    const a = await startReplica();
    const b = await startReplica();
    const [fromA, fromB] = await Promise.all([postureOf(a), postureOf(b)]);

    expect(fromA.generatedAt).toBe(fromB.generatedAt);
    expect(
      fromA.workloads.map((w: { name: string; mtlsMode: string }) => [
        w.name,
        w.mtlsMode,
      ]),
    ).toEqual([['payment-service', 'STRICT']]);
    expect(fromB).toEqual(fromA);
    // one refresh = one read of each Prometheus query, whichever replica ran it
    expect(prometheusQueries).toBe(
      new PrometheusSource({ url: 'http://x' }).queriesPerRead,
    );

    // and it stays at one: neither replica refreshes again within the period
    await new Promise(r => setTimeout(r, 1500));
    expect(prometheusQueries).toBe(
      new PrometheusSource({ url: 'http://x' }).queriesPerRead,
    );

    // the plugin registers its permission with the permissions registry
    const metadata = await request(a.server)
      .get('/api/mesh-security/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(metadata.body.permissions).toEqual([
      expect.objectContaining({ name: 'mesh-security.read', type: 'basic' }),
    ]);
    await Promise.all([a.stop(), b.stop()]);
  }, 60_000);
});
