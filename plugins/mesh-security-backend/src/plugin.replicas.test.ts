import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { startCountingPrometheus } from './__testUtils__/countingPrometheus';
import { component } from './__testUtils__/fixtures';
import {
  connectionOf,
  createTestDatabases,
} from './__testUtils__/testDatabases';
import { PrometheusSource } from './sources';
import meshSecurityPlugin from './index';

const MANIFESTS = resolve(__dirname, '../../../examples/mesh/manifests');

/**
 * Two backends on one database stand in for two replicas: the refresh runs on
 * one of them, once, and both serve its snapshot. On SQLite they share a
 * file; on PostgreSQL a database, each plugin in its own schema.
 */
describe('mesh-security on two replicas', () => {
  const databases = createTestDatabases();
  let prometheus: Awaited<ReturnType<typeof startCountingPrometheus>>;
  let dir: string;

  beforeAll(async () => {
    prometheus = await startCountingPrometheus();
  });
  afterAll(() => prometheus.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-security-replicas-'));
    prometheus.reset();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** `backend.database` of both replicas: one database, fresh for each test */
  async function sharedDatabase(databaseId: TestDatabaseId) {
    if (databaseId === 'SQLITE_3') {
      return { client: 'better-sqlite3', connection: { directory: dir } };
    }
    const knex = await databases.init(databaseId);
    return {
      client: 'pg',
      connection: connectionOf(knex),
      pluginDivisionMode: 'schema',
    };
  }

  const startReplica = (database: object) =>
    startTestBackend({
      features: [
        meshSecurityPlugin,
        // the real scheduler and database: coordination happens in the shared database
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: { database },
            meshSecurity: {
              kubernetes: { enabled: false },
              manifests: { paths: [MANIFESTS], cluster: 'demo' },
              prometheus: { url: prometheus.url },
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

  it.each(databases.eachSupportedId())(
    'on %s: refreshes once and serves the same snapshot from both',
    async databaseId => {
      const database = await sharedDatabase(databaseId);
      const a = await startReplica(database);
      const b = await startReplica(database);
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
      expect(prometheus.queries).toBe(
        new PrometheusSource({ url: 'http://x' }).queriesPerRead,
      );

      // and it stays at one: neither replica refreshes again within the period
      await new Promise(r => setTimeout(r, 1500));
      expect(prometheus.queries).toBe(
        new PrometheusSource({ url: 'http://x' }).queriesPerRead,
      );

      // the plugin registers its permission with the permissions registry
      const metadata = await request(a.server)
        .get('/api/mesh-security/.well-known/backstage/permissions/metadata')
        .set('Authorization', mockCredentials.service.header());
      expect(metadata.body.permissions).toEqual([
        expect.objectContaining({ name: 'mesh-security.read', type: 'basic' }),
        expect.objectContaining({
          name: 'mesh-security.simulate',
          type: 'basic',
        }),
      ]);
      await Promise.all([a.stop(), b.stop()]);
    },
    60_000,
  );
});
