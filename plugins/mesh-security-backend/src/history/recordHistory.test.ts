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

    it('catches up on a refresh that found the catalog still empty, once', async () => {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      const store = await HistoryStore.create(mockServices.database({ knex }));
      let catalogEntities: typeof entities = [];
      const catalog = catalogServiceMock.mock({
        getEntities: jest.fn(async (req, opts) =>
          catalogServiceMock({ entities: catalogEntities }).getEntities(
            req,
            opts,
          ),
        ),
      });
      const recorder = createHistoryRecorder({
        store,
        catalog,
        auth: mockServices.auth({ pluginId: 'mesh-security' }),
        notifications: { send: jest.fn() },
        logger: mockServices.logger.mock(),
        options: { ...OPTIONS, demoSeed: true },
      });
      const s0 = shop('2026-03-10T12:00:00.000Z');
      // the backend is starting: the catalog has not ingested anything yet
      await recorder.onRefreshed(s0);
      const read = () => store.read('team', 'group:default/comms-team', 0);
      expect(await read()).toEqual([]);

      catalogEntities = entities;
      await recorder.catchUp(s0);
      const caughtUp = await read();
      expect(caughtUp.length).toBeGreaterThan(1); // the demo's past, and s0
      expect(caughtUp[caughtUp.length - 1].at).toBe(Date.parse(s0.generatedAt));

      // nothing left to do: one query, no catalog read
      catalog.getEntities.mockClear();
      await recorder.catchUp(s0);
      expect(catalog.getEntities).not.toHaveBeenCalled();
      expect(await read()).toHaveLength(caughtUp.length);
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
        hasPointAt: jest.fn(),
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
