import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { SnapshotStore } from '../snapshot/SnapshotStore';
import { SLICE_CHARS, sliceText } from '../worker/packedTexts';
import {
  decodeSimulationInput,
  SimulationInputStore,
  type SimulationInput,
} from './SimulationInputStore';

const input = (cluster: string, name: string): SimulationInput => ({
  cluster,
  evaluatedAt: '2026-06-01T00:00:00.000Z',
  objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }],
  metrics: {
    collectedAt: '2026-06-01T00:00:00.000Z',
    window: '5m',
    longWindow: '24h',
    flows: [],
    latencies: [],
    identities: [],
  },
  options: { strictReadyMinRequests: 5 },
});

describe('SimulationInputStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function twoReplicas() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      // the plugin's migrations create the table
      await SnapshotStore.create(database);
      return {
        knex,
        a: await SimulationInputStore.create(database),
        b: await SimulationInputStore.create(database),
      };
    }

    it('has nothing before the first write', async () => {
      const { a } = await twoReplicas();
      await expect(a.read('prod')).resolves.toBeUndefined();
      await expect(a.clusters()).resolves.toEqual([]);
    });

    it('serves on one replica what another wrote, one row per cluster', async () => {
      const { a, b } = await twoReplicas();
      await a.write(
        [input('prod', 'one'), input('staging', 'two')],
        ['prod', 'staging'],
      );
      await expect(b.clusters()).resolves.toEqual(['prod', 'staging']);
      await expect(b.read('prod')).resolves.toEqual(input('prod', 'one'));
      await expect(b.read('staging')).resolves.toEqual(input('staging', 'two'));
      await expect(b.read('other')).resolves.toBeUndefined();
    });

    it('reads back slices handed over as UTF-8 bytes (the refresh worker’s), multi-byte characters included', async () => {
      const { a, b } = await twoReplicas();
      const written = input('prod', 'zürich-🚀-'.repeat(5));
      const { cluster, evaluatedAt, ...payload } = written;
      const slices = sliceText(JSON.stringify(payload), 9).map(slice =>
        Buffer.from(slice, 'utf8'),
      );
      await a.writeSerialized([{ cluster, evaluatedAt, slices }], ['prod']);
      await expect(b.read('prod')).resolves.toEqual(written);
    });

    it('replaces a cluster’s row, keeps a served cluster left out, drops one no longer served', async () => {
      const { a, b } = await twoReplicas();
      await a.write(
        [input('prod', 'one'), input('staging', 'two'), input('gone', 'x')],
        ['prod', 'staging', 'gone'],
      );
      const before = await b.read('prod');
      // staging's read failed: its report (and row) stay; gone is no longer served
      await a.write([input('prod', 'three')], ['prod', 'staging']);
      const after = await b.read('prod');
      expect(after).toEqual(input('prod', 'three'));
      expect(after).not.toBe(before);
      await expect(b.read('staging')).resolves.toEqual(input('staging', 'two'));
      await expect(b.clusters()).resolves.toEqual(['prod', 'staging']);
    });

    it('hands out a row undecoded, under a revision that changes with every write', async () => {
      const { a, b } = await twoReplicas();
      await expect(b.revisionOf('prod')).resolves.toBeUndefined();
      await expect(b.readStored('prod')).resolves.toBeUndefined();
      await a.write([input('prod', 'one')], ['prod']);
      const revision = await b.revisionOf('prod');
      const stored = await b.readStored('prod');
      expect(stored).toMatchObject({ cluster: 'prod', revision });
      // still deflated: decoded where it is used (the what-if worker)
      expect(stored!.parts.every(p => p.encoding === 'deflate')).toBe(true);
      expect(decodeSimulationInput(stored!)).toEqual(input('prod', 'one'));
      await a.write([input('prod', 'one')], ['prod']);
      await expect(b.revisionOf('prod')).resolves.not.toBe(revision);
    });

    it('parses a row again only when it changed', async () => {
      const { a, b } = await twoReplicas();
      await a.write([input('prod', 'one')], ['prod']);
      const first = await b.read('prod');
      await expect(b.read('prod')).resolves.toBe(first);
      await a.write([input('prod', 'one')], ['prod']);
      const rewritten = await b.read('prod');
      expect(rewritten).toEqual(first);
      expect(rewritten).not.toBe(first);
    });

    it('holds a large cluster', async () => {
      const { a, b, knex } = await twoReplicas();
      const big: SimulationInput = {
        ...input('prod', 'one'),
        objects: Array.from({ length: 5000 }, (_, i) => ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: `pod-${i}`,
            namespace: 'shop',
            labels: { app: `app-${i % 50}` },
          },
          spec: { containers: [{ name: 'app', image: 'app:1' }] },
          status: { phase: 'Running' },
        })),
      };
      await a.write([big], ['prod']);
      const read = await b.read('prod');
      expect(read?.objects).toHaveLength(5000);
      expect(read?.objects[4999]).toEqual(big.objects[4999]);
      // in bounded slices, not one row of its whole size
      const slices = await knex('mesh_security_simulation_input_parts').select(
        'payload',
      );
      expect(slices.length).toBeGreaterThan(1);
      for (const slice of slices) {
        expect(slice.payload.length).toBeLessThanOrEqual(SLICE_CHARS);
      }
      // replaced: the earlier slices go
      await a.write([input('prod', 'two')], ['prod']);
      expect(
        await knex('mesh_security_simulation_input_parts').select('payload'),
      ).toHaveLength(1);
      await expect(b.read('prod')).resolves.toEqual(input('prod', 'two'));
    });
  });
});
