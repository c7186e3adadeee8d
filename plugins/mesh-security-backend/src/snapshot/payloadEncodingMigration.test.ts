import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { report, snapshot, workload } from '../__testUtils__/fixtures';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { SimulationInputStore } from '../whatIf/SimulationInputStore';
import { SnapshotStore } from './SnapshotStore';

const migrations = {
  directory: resolve(__dirname, '../../migrations'),
  tableName: 'mesh_security__knex_migrations',
};
const PARTS = [
  'mesh_security_snapshot_parts',
  'mesh_security_simulation_input_parts',
];

describe('the payload encoding migration', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'on %s, rolled back, leaves nothing an earlier version would misread',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      const store = await SnapshotStore.create(database);
      const built = snapshot({ prod: report([workload('shop/a')]) });
      const json = JSON.stringify({ '*': { flows: [] } });
      await store.write(built, {
        readAt: built.generatedAt,
        status: { name: 'prometheus', kind: 'prometheus', state: 'ok' },
        metricsJson: async () => json,
      });
      const inputs = await SimulationInputStore.create(database);
      await inputs.write(
        [
          {
            cluster: 'prod',
            evaluatedAt: built.generatedAt,
            objects: [{ kind: 'Namespace', metadata: { name: 'shop' } }],
          },
        ],
        ['prod'],
      );
      await knex('mesh_security_snapshot').insert({
        id: 'refresh-run',
        revision: 'run-1',
        generated_at: built.generatedAt,
        payload: '{}',
      });
      // every part deflated
      for (const table of PARTS) {
        const rows = await knex(table).select('encoding');
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map(r => r.encoding))).toEqual(
          new Set(['deflate']),
        );
      }

      await knex.migrate.down(migrations);

      for (const table of PARTS) {
        expect(await knex.schema.hasColumn(table, 'encoding')).toBe(false);
        expect(await knex(table).select('*')).toEqual([]);
      }
      expect(await knex('mesh_security_simulation_inputs').select('*')).toEqual(
        [],
      );
      // the head and metrics rows named deflated parts; the run record stays
      expect(
        (await knex('mesh_security_snapshot').select('id')).map(r => r.id),
      ).toEqual(['refresh-run']);

      // and forward again: a store starts from nothing and writes anew
      await knex.migrate.latest(migrations);
      const again = await SnapshotStore.create(database);
      await expect(again.current()).resolves.toBeUndefined();
      await again.write(built);
      expect((await again.current())?.snapshot.clusters).toHaveLength(1);
    },
  );
});
