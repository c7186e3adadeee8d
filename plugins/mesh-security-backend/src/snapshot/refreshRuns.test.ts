import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { SnapshotStore } from './SnapshotStore';

describe('RefreshRuns', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function twoReplicas() {
      const knex = await databases.init(databaseId);
      let now = Date.parse('2025-06-01T00:00:00.000Z');
      const clock = () => now;
      const database = mockServices.database({ knex });
      const a = await SnapshotStore.create(database, { clock });
      const b = await SnapshotStore.create(database, { clock });
      return { a: a.runs, b: b.runs, advance: (ms: number) => (now += ms) };
    }

    it('hands a run that never ended, once it is older than asked, to exactly one replica', async () => {
      const { a, b, advance } = await twoReplicas();
      const run = await a.started();
      expect(run.startedAt).toBe('2025-06-01T00:00:00.000Z');

      advance(10_000);
      await expect(b.claimAbandoned(10_000)).resolves.toBeUndefined();
      advance(1);
      const claims = await Promise.all([
        a.claimAbandoned(10_000),
        b.claimAbandoned(10_000),
        b.claimAbandoned(10_000),
      ]);
      expect(claims.filter(Boolean)).toEqual([run]);
      advance(60_000);
      await expect(b.claimAbandoned(10_000)).resolves.toBeUndefined();
    });

    it('forgets a run that ended, and only its own record', async () => {
      const { a, b, advance } = await twoReplicas();
      const first = await a.started();
      await a.ended(first);
      advance(60_000);
      await expect(b.claimAbandoned(10_000)).resolves.toBeUndefined();

      // a run that outlived its timeout ends after the next one started: the record stays the next one's
      const late = await a.started();
      advance(1000);
      const next = await b.started();
      await a.ended(late);
      advance(60_000);
      await expect(a.claimAbandoned(10_000)).resolves.toEqual(next);
    });

    it('leaves the snapshot and the metrics alone', async () => {
      const knex = await databases.init(databaseId);
      const store = await SnapshotStore.create(mockServices.database({ knex }));
      await store.runs.started();
      await expect(store.readLatest()).resolves.toEqual({
        snapshot: undefined,
        metrics: undefined,
      });
      await expect(store.current()).resolves.toBeUndefined();
    });
  });
});
