import {
  mockServices,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import {
  component,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { migrate } from './__testUtils__/historyFixtures';
import { setUpHistory } from './setUpHistory';

describe('setUpHistory', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())(
    'on %s',
    (databaseId: TestDatabaseId) => {
      async function setUp(config: JsonObject) {
        const knex = await databases.init(databaseId);
        await migrate(knex);
        const logger = mockServices.logger.mock();
        const lifecycle = mockServices.lifecycle.mock();
        const scheduler = mockServices.scheduler.mock();
        const history = await setUpHistory({
          config: mockServices.rootConfig({ data: config }),
          database: mockServices.database({ knex }),
          scheduler,
          lifecycle,
          logger,
          catalog: catalogServiceMock({
            entities: [component('payment-service')],
          }),
          auth: mockServices.auth({ pluginId: 'mesh-security' }),
          notifications: { send: jest.fn() },
          cache: mockServices.cache.mock(),
          snapshots: { current: async () => undefined },
        });
        return { history, logger, lifecycle, scheduler };
      }

      const demo = snapshot({
        demo: report([workload('payments/payment-service')]),
      });

      it('records and serves history, and schedules the retention and the catch-up at startup', async () => {
        const { history, lifecycle, scheduler } = await setUp({});
        expect(lifecycle.addStartupHook).toHaveBeenCalledTimes(1);
        await lifecycle.addStartupHook.mock.calls[0][0]();
        expect(
          scheduler.scheduleTask.mock.calls.map(([task]) => task.id),
        ).toEqual([
          'mesh-security:history-retention',
          'mesh-security:history-catch-up',
        ]);
        await history.onRefreshed!(demo);
        const read = await history.reader!.store.read(
          'entity',
          'component:default/payment-service',
          0,
        );
        expect(read).toHaveLength(1);
      });

      it('does nothing when turned off', async () => {
        const { history, lifecycle } = await setUp({
          meshSecurity: { history: { enabled: false } },
        });
        expect(history).toEqual({});
        expect(lifecycle.addStartupHook).not.toHaveBeenCalled();
      });

      it('never makes up a past next to real clusters, and says so', async () => {
        const { history, logger } = await setUp({
          kubernetes: { clusterLocatorMethods: [] },
          meshSecurity: { history: { demoSeed: true } },
        });
        expect(logger.warn).toHaveBeenCalledWith(
          'meshSecurity.history.demoSeed is ignored: it is for the embedded demo mesh, and real clusters are configured',
        );
        await history.onRefreshed!(demo);
        expect(
          await history.reader!.store.read(
            'entity',
            'component:default/payment-service',
            0,
          ),
        ).toHaveLength(1);
      });

      it('makes up the demo past for the embedded demo mesh', async () => {
        const { history, logger } = await setUp({
          kubernetes: { clusterLocatorMethods: [] },
          meshSecurity: {
            kubernetes: { enabled: false },
            history: { demoSeed: true },
          },
        });
        expect(logger.warn).not.toHaveBeenCalled();
        await history.onRefreshed!(demo);
        expect(
          (
            await history.reader!.store.read(
              'entity',
              'component:default/payment-service',
              0,
            )
          ).length,
        ).toBeGreaterThan(1);
      });
    },
  );
});
