import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { report, snapshot, workload } from '../__testUtils__/fixtures';
import { SnapshotStore } from './SnapshotStore';

describe('SnapshotStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function twoReplicas() {
    const knex = await databases.init('SQLITE_3');
    let now = 0;
    const clock = () => now;
    const database = mockServices.database({ knex });
    const a = await SnapshotStore.create(database, {
      clock,
      revisionCheckMs: 1000,
    });
    const b = await SnapshotStore.create(database, {
      clock,
      revisionCheckMs: 1000,
    });
    return { a, b, knex, advance: (ms: number) => (now += ms) };
  }

  it('has nothing before the first write', async () => {
    const { a } = await twoReplicas();
    await expect(a.current()).resolves.toBeUndefined();
    await expect(a.readLatest()).resolves.toEqual({
      snapshot: undefined,
      metrics: undefined,
    });
  });

  it('serves what one replica wrote on another, re-parsing only when the revision changed', async () => {
    const { a, b, knex, advance } = await twoReplicas();
    const first = snapshot(
      { prod: report([workload('shop/a')]) },
      '2025-06-01T00:00:00.000Z',
    );
    await a.write(first);

    const seen = await b.current();
    expect(seen?.snapshot).toEqual(first);
    expect(
      seen?.clusters[0].workloadsByLabel.get('app=a')?.map(w => w.name),
    ).toEqual(['a']);

    // within the check interval: the same parsed object, no query
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    expect(await b.current()).toBe(seen);
    expect(queries).toEqual([]);

    // after it: one cheap revision look-up, still the same object
    advance(1500);
    expect(await b.current()).toBe(seen);
    expect(queries).toHaveLength(1);
    expect(queries[0]).not.toMatch(/payload/);

    // a new write elsewhere is picked up at the next check, even with the same generatedAt
    const second = snapshot(
      { prod: report([workload('shop/b')]) },
      first.generatedAt,
    );
    await a.write(second);
    expect((await b.current())?.snapshot).toEqual(first);
    advance(1500);
    expect((await b.current())?.snapshot).toEqual(second);
    knex.removeListener('query', onQuery);
  });

  it('keeps the last good metrics apart from the snapshot', async () => {
    const { a } = await twoReplicas();
    const metrics = {
      readAt: '2025-06-01T00:00:00.000Z',
      metrics: {
        '*': {
          collectedAt: 'x',
          window: '5m',
          longWindow: '24h',
          flows: [],
          latencies: [],
          identities: [],
        },
      },
      status: {
        name: 'prometheus',
        kind: 'prometheus' as const,
        state: 'ok' as const,
      },
    };
    await a.write(snapshot({}), metrics);
    await a.write(snapshot({}, '2025-06-01T00:05:00.000Z'));
    const latest = await a.readLatest();
    expect(latest.metrics).toEqual(metrics);
    expect(latest.snapshot?.generatedAt).toBe('2025-06-01T00:05:00.000Z');
  });

  it('shares one check between concurrent requests', async () => {
    const { a, b, knex } = await twoReplicas();
    await a.write(snapshot({ prod: report([workload('shop/a')]) }));
    const queries: string[] = [];
    knex.on('query', (q: { sql: string }) => queries.push(q.sql));
    const results = await Promise.all([b.current(), b.current(), b.current()]);
    expect(new Set(results).size).toBe(1);
    expect(queries).toHaveLength(2); // revision, then payload: once for all three
  });
});
