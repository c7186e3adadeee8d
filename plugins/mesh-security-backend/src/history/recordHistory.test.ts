import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { MtlsMode } from '@mesh-security/plugin-mesh-security-common';
import {
  component,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { migrate } from './__testUtils__/historyFixtures';
import { HistoryStore } from './HistoryStore';
import { createHistoryRecorder } from './recordHistory';
import type { HistoryOptions } from './types';

const OPTIONS: HistoryOptions = {
  enabled: true,
  fullResolutionDays: 7,
  retentionDays: 90,
  regressions: { enabled: true, mtlsShareDrop: 0.1 },
  demoSeed: false,
};

const entities = [
  component('payment-service'),
  component('notification-svc', undefined, 'group:default/comms-team'),
];

/** The demo shop's two services, payment-service in the given mode. */
function shop(generatedAt: string, paymentMode: MtlsMode = 'STRICT') {
  return snapshot(
    {
      prod: report([
        workload('payments/payment-service', { mtlsMode: paymentMode }),
        workload('comms/notification-svc', { mtlsMode: 'PERMISSIVE' }),
      ]),
    },
    generatedAt,
  );
}

/** A real CacheService (the memory store of backend-defaults), empty for each call. */
const memoryCache = () =>
  CacheManager.fromConfig(mockServices.rootConfig()).forPlugin('mesh-security');

describe('createHistoryRecorder', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    /** Two replicas: two stores and recorders on one database, one notifications service. */
    async function replicas(options: Partial<HistoryOptions> = {}) {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      const sent: NotificationSendOptions[] = [];
      const notifications = {
        send: jest.fn(async (n: NotificationSendOptions) => {
          sent.push(n);
        }),
      };
      const logger = mockServices.logger.mock();
      const cache = memoryCache();
      const replica = async () => {
        const store = await HistoryStore.create(
          mockServices.database({ knex }),
        );
        return {
          store,
          record: createHistoryRecorder({
            store,
            catalog: catalogServiceMock({ entities }),
            auth: mockServices.auth({ pluginId: 'mesh-security' }),
            notifications,
            cache,
            logger,
            options: { ...OPTIONS, ...options },
            clock: () => Date.UTC(2026, 2, 10, 12),
          }).onRefreshed,
        };
      };
      return {
        a: await replica(),
        b: await replica(),
        sent,
        notifications,
        logger,
      };
    }

    it('records a point per entity and per team at the time of the snapshot, once', async () => {
      const { a, b, logger } = await replicas();
      const s0 = shop('2026-03-10T12:00:00.000Z');
      await a.record(s0);
      await b.record(s0); // the same snapshot again: nothing new
      const at = Date.parse(s0.generatedAt);
      for (const [scope, subject] of [
        ['entity', 'component:default/payment-service'],
        ['entity', 'component:default/notification-svc'],
        ['team', 'group:default/commerce-team'],
        ['team', 'group:default/comms-team'],
      ] as const) {
        expect((await a.store.read(scope, subject, 0)).map(p => p.at)).toEqual([
          at,
        ]);
      }
      expect(logger.warn).not.toHaveBeenCalled();
    });

    it('notifies the owning group once per regression, whichever replicas see it', async () => {
      const { a, b, sent } = await replicas();
      const s0 = shop('2026-03-10T12:00:00.000Z');
      await a.record(s0);
      // a slow refresh taken over: both replicas refreshed from s0, both saw payment-service lose STRICT
      await Promise.all([
        a.record(shop('2026-03-10T12:05:00.000Z', 'PERMISSIVE'), s0),
        b.record(shop('2026-03-10T12:05:09.000Z', 'PERMISSIVE'), s0),
      ]);
      expect(sent).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/commerce-team'],
          },
          payload: expect.objectContaining({
            title:
              'payment-service: payments/payment-service no longer requires mTLS',
            link: '/catalog/default/component/payment-service/mtls',
            severity: 'high',
            topic: 'mesh-security',
          }),
        },
      ]);
      // later refreshes of the same state announce nothing new
      const s1 = shop('2026-03-10T12:05:00.000Z', 'PERMISSIVE');
      await a.record(shop('2026-03-10T12:10:00.000Z', 'PERMISSIVE'), s1);
      await b.record(shop('2026-03-10T12:15:00.000Z', 'PERMISSIVE'), s1);
      expect(sent).toHaveLength(1);
      // fixed, then broken again: a new regression, a new notification
      const s2 = shop('2026-03-10T12:20:00.000Z', 'STRICT');
      await b.record(s2, s1);
      await a.record(shop('2026-03-10T12:25:00.000Z', 'DISABLE'), s2);
      expect(sent).toHaveLength(2);
      expect(sent[1].payload.description).toContain('from STRICT to DISABLE');
    });

    it('never fails the refresh: a notification that cannot be sent is logged and may be sent by the next detection', async () => {
      const { a, b, notifications, logger, sent } = await replicas();
      const s0 = shop('2026-03-10T12:00:00.000Z');
      notifications.send.mockRejectedValueOnce(new Error('notifications down'));
      await expect(
        a.record(shop('2026-03-10T12:05:00.000Z', 'PERMISSIVE'), s0),
      ).resolves.toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Could not notify group:default/commerce-team of "payment-service: payments/payment-service no longer requires mTLS": Error: notifications down',
        ),
      );
      // its claim was released: the other replica, detecting it too, sends it
      await b.record(shop('2026-03-10T12:05:09.000Z', 'PERMISSIVE'), s0);
      expect(sent).toHaveLength(1);
    });

    it('sends nothing when regressions are turned off, and records all the same', async () => {
      const { a, sent } = await replicas({
        regressions: { enabled: false, mtlsShareDrop: 0.1 },
      });
      const s0 = shop('2026-03-10T12:00:00.000Z');
      await a.record(shop('2026-03-10T12:05:00.000Z', 'PERMISSIVE'), s0);
      expect(sent).toEqual([]);
      expect(
        await a.store.read('entity', 'component:default/payment-service', 0),
      ).toHaveLength(1);
    });

    /** A recorder over a catalog whose entities the test changes, and what it read. */
    async function catchingUp() {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      const store = await HistoryStore.create(mockServices.database({ knex }));
      const catalogNow = { entities: [] as typeof entities };
      const current = () =>
        catalogServiceMock({ entities: catalogNow.entities });
      const catalog = catalogServiceMock.mock({
        getEntities: jest.fn(async (req, opts) =>
          current().getEntities(req, opts),
        ),
        queryEntities: jest.fn(async (req, opts) =>
          current().queryEntities(req, opts),
        ),
      });
      const recorder = createHistoryRecorder({
        store,
        catalog,
        auth: mockServices.auth({ pluginId: 'mesh-security' }),
        notifications: { send: jest.fn() },
        cache: memoryCache(),
        logger: mockServices.logger.mock(),
        options: { ...OPTIONS, demoSeed: true },
      });
      return { store, catalog, catalogNow, recorder };
    }

    it('catches up on a refresh that found the catalog still empty, once', async () => {
      const { store, catalog, catalogNow, recorder } = await catchingUp();
      const s0 = shop('2026-03-10T12:00:00.000Z');
      // the backend is starting: the catalog has not ingested anything yet
      await recorder.onRefreshed(s0);
      const read = () => store.read('team', 'group:default/comms-team', 0);
      expect(await read()).toEqual([]);
      // nothing in the catalog yet: a count, no snapshot matched
      await recorder.catchUp(s0);
      expect(catalog.getEntities).toHaveBeenCalledTimes(1);

      catalogNow.entities = entities;
      await recorder.catchUp(s0);
      const caughtUp = await read();
      expect(caughtUp.length).toBeGreaterThan(1); // the demo's past, and s0
      expect(caughtUp[caughtUp.length - 1].at).toBe(Date.parse(s0.generatedAt));

      // nothing left to do: two counts, no catalog read
      catalog.getEntities.mockClear();
      catalog.queryEntities.mockClear();
      await recorder.catchUp(s0);
      expect(catalog.getEntities).not.toHaveBeenCalled();
      expect(catalog.queryEntities).toHaveBeenCalledTimes(1);
      expect(await read()).toHaveLength(caughtUp.length);
    });

    it('catches up on the entities the catalog ingested after the refresh recorded, and their teams', async () => {
      const { store, catalogNow, recorder } = await catchingUp();
      const [payment] = entities;
      const s0 = shop('2026-03-10T12:00:00.000Z');
      const at = Date.parse(s0.generatedAt);
      // half of the catalog was in when the refresh recorded; the other half
      // is commerce-team's too
      const alsoCommerce = component(
        'notification-svc',
        undefined,
        'group:default/commerce-team',
      );
      catalogNow.entities = [payment];
      await recorder.onRefreshed(s0);
      const atS0 = async (scope: 'entity' | 'team', subject: string) =>
        (await store.read(scope, subject, 0)).filter(p => p.at === at);
      expect(
        await atS0('entity', 'component:default/notification-svc'),
      ).toEqual([]);
      expect(
        (await atS0('team', 'group:default/commerce-team'))[0].workloads,
      ).toBe(1);

      catalogNow.entities = [payment, alsoCommerce];
      await recorder.catchUp(s0);
      const [point] = await atS0(
        'entity',
        'component:default/notification-svc',
      );
      expect(point).toMatchObject({ mtlsMode: 'PERMISSIVE', workloads: 1 });
      // the demo's past of the entity seen first now
      expect(
        await store.read('entity', 'component:default/notification-svc', 0),
      ).toHaveLength(7 * 24 + (89 - 7) + 1);
      // the team's point of that refresh counts both of its entities now
      expect(
        (await atS0('team', 'group:default/commerce-team'))[0],
      ).toMatchObject({ workloads: 2, strict: 1 });
    });

    it('does not read the catalog every minute for an entity that can never have a point', async () => {
      const { store, catalog, catalogNow, recorder } = await catchingUp();
      const s0 = shop('2026-03-10T12:00:00.000Z');
      const broken = component('broken', {
        'backstage.io/kubernetes-label-selector': 'app in (',
      });
      catalogNow.entities = [...entities, broken];
      await recorder.onRefreshed(s0);
      expect(await store.entityPointsAt(Date.parse(s0.generatedAt))).toBe(2);
      catalog.getEntities.mockClear();
      // two points for three entities: tried once, not again at that count
      await recorder.catchUp(s0);
      await recorder.catchUp(s0);
      expect(catalog.getEntities).toHaveBeenCalledTimes(1);
      // the catalog grew: tried again
      catalogNow.entities = [...catalogNow.entities, component('new-service')];
      await recorder.catchUp(s0);
      expect(catalog.getEntities).toHaveBeenCalledTimes(2);
    });

    it('makes up the demo past once, at the first recording, when asked to', async () => {
      const { a, b } = await replicas({ demoSeed: true });
      await a.record(shop('2026-03-10T12:00:00.000Z'));
      const first = await a.store.read('team', 'group:default/comms-team', 0);
      expect(first.length).toBe(7 * 24 + (89 - 7) + 1);
      expect(first.slice(0, 3).map(p => p.mtlsMode)).toEqual([
        'DISABLE',
        'DISABLE',
        'DISABLE',
      ]);
      await b.record(shop('2026-03-10T12:05:00.000Z'));
      expect(
        await b.store.read('team', 'group:default/comms-team', 0),
      ).toHaveLength(first.length + 1);
    });
  });

  it('logs, and does not throw, when the catalog cannot be read', async () => {
    const logger = mockServices.logger.mock();
    const { onRefreshed: record } = createHistoryRecorder({
      store: {
        record: jest.fn(),
        subjectsWithPoints: jest.fn(),
        entityPointsAt: jest.fn(),
        claimRegression: jest.fn(),
        releaseRegression: jest.fn(),
      },
      catalog: catalogServiceMock.mock({
        getEntities: jest.fn(async () => {
          throw new Error('catalog unavailable');
        }),
      }),
      auth: mockServices.auth({ pluginId: 'mesh-security' }),
      notifications: { send: jest.fn() },
      cache: memoryCache(),
      logger,
      options: OPTIONS,
    });
    await expect(
      record(shop('2026-03-10T12:00:00.000Z')),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Mesh security history of the refresh of 2026-03-10T12:00:00.000Z not recorded: Error: catalog unavailable',
    );
  });
});
