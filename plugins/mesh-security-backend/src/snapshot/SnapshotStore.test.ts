import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { report, snapshot, workload } from '../__testUtils__/fixtures';
import {
  connectionOf,
  createTestDatabases,
} from '../__testUtils__/testDatabases';

type Knex = Awaited<ReturnType<TestDatabases['init']>>;
import { SnapshotStore } from './SnapshotStore';
import { payloadText, storedTextOf } from './storedPayload';
import type { MeshSnapshot } from './types';
import { packTexts, SLICE_CHARS, sliceText } from '../worker/packedTexts';
import type { SerializedCluster } from '../worker/clusterJob';
import {
  encodeReport,
  ITEMS_PER_PART,
  WORKLOADS_PER_PART,
} from '../worker/reportParts';
import { packServedWorkloads } from '../worker/servedWorkloads';
import type { WorkloadTextItem } from './workloadTexts';

/**
 * Cuts the connection pool off from the database, as an outage does: every
 * query fails at once ("refuse") or waits until the pool gives up ("hang").
 * Returns what restores it.
 */
function cutOff(knex: Knex, how: 'refuse' | 'hang' = 'refuse') {
  const client = knex.client as { acquireConnection: () => Promise<unknown> };
  const original = client.acquireConnection;
  const waiting: Array<() => void> = [];
  let attempts = 0;
  client.acquireConnection = () =>
    new Promise((_resolve, reject) => {
      attempts++;
      const fail = () =>
        reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
            code: 'ECONNREFUSED',
          }),
        );
      if (how === 'refuse') fail();
      else waiting.push(fail);
    });
  return {
    attempts: () => attempts,
    restore() {
      client.acquireConnection = original;
      waiting.forEach(fail => fail());
    },
  };
}

/** A snapshot as served: each cluster names its stored evaluation (`ref`), which a built one has not. */
function withoutRefs(value?: MeshSnapshot) {
  return (
    value && {
      ...value,
      clusters: value.clusters.map(({ ref: _ref, ...c }) => c),
    }
  );
}

describe('SnapshotStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function twoReplicas(options: { checkTimeoutMs?: number } = {}) {
      const knex = await databases.init(databaseId);
      let now = 0;
      const clock = () => now;
      const database = mockServices.database({ knex });
      const logger = mockServices.logger.mock();
      const a = await SnapshotStore.create(database, {
        clock,
        revisionCheckMs: 1000,
      });
      const b = await SnapshotStore.create(database, {
        clock,
        revisionCheckMs: 1000,
        logger,
        ...options,
      });
      return { a, b, knex, logger, advance: (ms: number) => (now += ms) };
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
      expect(withoutRefs(seen?.snapshot)).toEqual(first);
      expect(
        seen?.clusters[0].workloadsByLabel
          .get('app=a')
          ?.map(w => w.posture().name),
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
      expect(withoutRefs((await b.current())?.snapshot)).toEqual(first);
      advance(1500);
      expect(withoutRefs((await b.current())?.snapshot)).toEqual(second);
      knex.removeListener('query', onQuery);
    });

    const metricsRead = (readAt: string, window = '5m') => {
      const status = {
        name: 'prometheus',
        kind: 'prometheus' as const,
        state: 'ok' as const,
      };
      const metrics = {
        '*': {
          collectedAt: readAt,
          window,
          longWindow: '24h',
          // large enough to be stored in several parts
          flows: Array.from({ length: 4000 }, (_, i) => ({
            reporter: 'destination' as const,
            sourceNamespace: 'a',
            sourceWorkload: `caller-${i}`,
            destinationNamespace: 'b',
            destinationWorkload: 'api',
            protocol: 'http' as const,
            security: 'mutual_tls' as const,
            rate: i,
            errorRate: 0,
          })),
          latencies: [],
          identities: [],
        },
      };
      const json = JSON.stringify(metrics);
      return { readAt, status, json, metricsJson: async () => json };
    };
    const metricsParts = (
      knex: Awaited<ReturnType<typeof twoReplicas>>['knex'],
    ) =>
      knex('mesh_security_snapshot_parts')
        .where({ kind: 'metrics' })
        .countDistinct('ref as refs')
        .first()
        .then(row => Number(row?.refs));

    it('keeps the last good metrics apart from the snapshot, in parts read when asked for', async () => {
      const { a, b, knex } = await twoReplicas();
      const read = metricsRead('2025-06-01T00:00:00.000Z');
      await a.write(snapshot({}), read);
      const rows = await knex('mesh_security_snapshot_parts')
        .where({ kind: 'metrics' })
        .count('seq as n')
        .first();
      expect(Number(rows?.n)).toBeGreaterThan(1);
      // refreshes that read no metrics keep the stored ones and their parts
      await a.write(snapshot({}, '2025-06-01T00:05:00.000Z'));
      await a.write(snapshot({}, '2025-06-01T00:10:00.000Z'));
      for (const stored of [
        (await b.readLatest()).metrics,
        (await b.latestForRefresh()).metrics,
      ]) {
        expect(stored).toMatchObject({
          readAt: read.readAt,
          status: read.status,
        });
        expect(await stored!.metricsJson()).toBe(read.json);
        // or as stored, for the refresh worker to decode
        const parts = await stored!.metricsParts!();
        expect(parts.every(p => p.encoding === 'deflate')).toBe(true);
        expect(storedTextOf(parts)).toBe(read.json);
      }
      expect((await b.readLatest()).snapshot?.generatedAt).toBe(
        '2025-06-01T00:10:00.000Z',
      );
      expect(await metricsParts(knex)).toBe(1);
    });

    it('stores metrics handed over in slices as they are, without asking for their JSON', async () => {
      const { a, b, knex } = await twoReplicas();
      const read = metricsRead('2025-06-01T00:00:00.000Z');
      const slices = sliceText(read.json, 10_000).map(s => Buffer.from(s));
      await a.write(snapshot({}), {
        readAt: read.readAt,
        status: read.status,
        metricsJson: () => Promise.reject(new Error('joined on this thread')),
        metricsSlices: () => slices,
      });
      const rows = await knex('mesh_security_snapshot_parts')
        .where({ kind: 'metrics' })
        .count('seq as n')
        .first();
      expect(Number(rows?.n)).toBe(slices.length);
      const stored = (await b.latestForRefresh()).metrics!;
      expect(await stored.metricsJson()).toBe(read.json);
    });

    it('drops the parts of replaced metrics after one generation', async () => {
      const { a, b, knex } = await twoReplicas();
      await a.write(snapshot({}), metricsRead('2025-06-01T00:00:00.000Z'));
      const first = (await b.latestForRefresh()).metrics!;
      const next = metricsRead('2025-06-01T00:05:00.000Z', '1m');
      await a.write(snapshot({}, next.readAt), next);
      // a replica reading the replaced metrics right now still can
      expect(await first.metricsJson()).toContain('"window":"5m"');
      await a.write(snapshot({}, '2025-06-01T00:10:00.000Z'));
      await a.write(snapshot({}, '2025-06-01T00:15:00.000Z'));
      expect(await metricsParts(knex)).toBe(1);
      await expect(first.metricsJson()).rejects.toThrow(/replaced meanwhile/);
      expect(await (await b.readLatest()).metrics!.metricsJson()).toBe(
        next.json,
      );
    });

    it('reads metrics stored whole in their row by an earlier version', async () => {
      const { b, knex } = await twoReplicas();
      const read = metricsRead('2025-06-01T00:00:00.000Z');
      await knex('mesh_security_snapshot').insert({
        id: 'metrics',
        revision: 'older',
        generated_at: read.readAt,
        payload: JSON.stringify({
          readAt: read.readAt,
          status: read.status,
          metrics: JSON.parse(read.json),
        }),
      });
      const stored = (await b.latestForRefresh()).metrics!;
      expect(stored).toMatchObject({
        readAt: read.readAt,
        status: read.status,
      });
      expect(JSON.parse(await stored.metricsJson())).toEqual(
        JSON.parse(read.json),
      );
    });

    it('shares one check between concurrent requests', async () => {
      const { a, b, knex } = await twoReplicas();
      await a.write(snapshot({ prod: report([workload('shop/a')]) }));
      const queries: string[] = [];
      knex.on('query', (q: { sql: string }) => queries.push(q.sql));
      const results = await Promise.all([
        b.current(),
        b.current(),
        b.current(),
      ]);
      expect(new Set(results).size).toBe(1);
      // revision, head, then the parts of its one cluster: once for all three
      expect(queries).toHaveLength(3);
    });

    it('serves its copy marked stale while the database is unreachable, and fresh data once it is back', async () => {
      const { a, b, knex, logger, advance } = await twoReplicas();
      const first = snapshot(
        { prod: report([workload('shop/a')]) },
        '2025-06-01T00:00:00.000Z',
      );
      await a.write(first);
      const served = await b.current();

      const outage = cutOff(knex);
      advance(1500);
      const stale = await b.current();
      expect(stale?.snapshot.generatedAt).toBe(first.generatedAt);
      expect(stale?.clusters).toBe(served?.clusters);
      expect(stale?.snapshot.sources).toEqual([
        expect.objectContaining({
          name: 'kubernetes:prod',
          state: 'stale',
          lastSuccessAt: first.generatedAt,
          message: expect.stringContaining(
            `the database cannot be reached since ${new Date(
              1500,
            ).toISOString()}`,
          ),
        }),
      ]);
      // asked again once per interval, not per request; told once
      expect(outage.attempts()).toBe(1);
      expect(await b.current()).toBe(stale);
      expect(outage.attempts()).toBe(1);
      advance(1500);
      expect(await b.current()).toBe(stale);
      expect(outage.attempts()).toBe(2);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0][0]).toMatch(
        /not readable from the database, serving the one of 2025-06-01T00:00:00.000Z marked stale: connect ECONNREFUSED/,
      );
      expect(logger.error).not.toHaveBeenCalled();

      // back: the next check reads what was written meanwhile
      outage.restore();
      const second = snapshot(
        { prod: report([workload('shop/b')]) },
        '2025-06-01T00:05:00.000Z',
      );
      await a.write(second);
      advance(1500);
      const back = await b.current();
      expect(withoutRefs(back?.snapshot)).toEqual(second);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringMatching(/database reachable again/),
      );
    });

    it('answers with its copy marked stale when the database does not answer in time', async () => {
      const { a, b, knex, logger, advance } = await twoReplicas({
        checkTimeoutMs: 50,
      });
      await a.write(snapshot({ prod: report([workload('shop/a')]) }));
      await b.current();
      const outage = cutOff(knex, 'hang');
      advance(1500);
      const stale = await b.current();
      expect(stale?.snapshot.sources.map(s => s.state)).toEqual(['stale']);
      expect(logger.warn.mock.calls[0][0]).toMatch(
        /no answer to the revision check within 50 ms/,
      );
      // the others do not queue behind the hanging check
      expect(await b.current()).toBe(stale);
      outage.restore();
    });

    it('without a copy yet, an unreachable database is a 503, not a crash', async () => {
      const { a, b, knex } = await twoReplicas();
      await a.write(snapshot({ prod: report([workload('shop/a')]) }));
      const outage = cutOff(knex);
      const error = await b.current().catch(e => e);
      outage.restore();
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      // the reason stays in the log
      expect(error.message).not.toMatch(/ECONNREFUSED|5432/);
      await expect(b.current()).resolves.toBeDefined();
    });

    it('keeps no error as a source it never read', async () => {
      const { a, b, knex, advance } = await twoReplicas();
      const failing = {
        ...snapshot({}),
        sources: [
          {
            name: 'prometheus',
            kind: 'prometheus' as const,
            state: 'error' as const,
            message: 'never read',
          },
        ],
      };
      await a.write(failing);
      await b.current();
      const outage = cutOff(knex);
      advance(1500);
      const stale = await b.current();
      outage.restore();
      expect(stale?.snapshot.sources).toEqual(failing.sources);
    });

    const partRefs = async (knex: Knex) =>
      (
        await knex('mesh_security_snapshot_parts')
          .distinct('ref')
          .orderBy('ref')
      ).map((r: { ref: string }) => r.ref);

    it('serves its own copy while it writes, without a revision check queued behind its writes', async () => {
      const { a, knex, advance } = await twoReplicas();
      await a.write(snapshot({ prod: report([workload('shop/a')]) }));
      const seen = await a.current();
      advance(1500);
      const queries: string[] = [];
      const onQuery = (q: { sql: string }) => queries.push(q.sql);
      knex.on('query', onQuery);
      const writing = a.write(snapshot({ prod: report([workload('shop/b')]) }));
      expect(await a.current()).toBe(seen);
      expect(queries.filter(q => /^select/i.test(q))).toEqual([]);
      await writing;
      knex.removeListener('query', onQuery);
      const after = await a.current();
      expect(Object.keys(after!.snapshot.clusters[0].report.workloads)).toEqual(
        ['shop/b'],
      );
    });

    it('writes each cluster in parts, the head last, and keeps a stale cluster’s parts as they are', async () => {
      const { a, b, knex, advance } = await twoReplicas();
      const many = Array.from({ length: 1200 }, (_, i) =>
        workload(`shop/w${i}`),
      );
      const first = snapshot({
        prod: report(many),
        dev: report([workload('dev/a')]),
      });
      await a.write(first);
      const { snapshot: previous } = await a.latestForRefresh();
      const prodRef = previous!.clusters[0].ref!;
      // 1200 workloads and their services in parts of bounded size, the head and the (empty) findings
      const [{ n }] = await knex('mesh_security_snapshot_parts')
        .where({ ref: prodRef })
        .count({ n: '*' });
      expect(Number(n)).toBe(encodeReport(first.clusters[0].report).length);
      expect(Number(n)).toBe(
        Math.ceil(1200 / WORKLOADS_PER_PART) +
          Math.ceil(1200 / ITEMS_PER_PART) +
          2,
      );

      const queries: string[] = [];
      const onQuery = (q: { sql: string }) => queries.push(q.sql);
      knex.on('query', onQuery);
      const stale = {
        ...previous!.clusters[0],
        status: { ...previous!.clusters[0].status, state: 'stale' as const },
      };
      const devReport = report([workload('dev/b')]);
      const second = snapshot({ dev: devReport }, '2025-06-01T00:05:00.000Z');
      second.clusters = [stale, ...second.clusters];
      await a.write(second);
      knex.removeListener('query', onQuery);

      const inserts = queries.filter(q => /^insert/i.test(q));
      // the stale cluster's parts are not written again: dev's few parts in one statement, then the head row
      expect(inserts).toHaveLength(2);
      expect(await partRefs(knex)).toHaveLength(3);
      expect(inserts[inserts.length - 1]).toMatch(
        /into .mesh_security_snapshot. /,
      );
      advance(1500);
      const seen = await b.current();
      expect(seen?.snapshot.clusters[0].ref).toBe(prodRef);
      expect(seen?.snapshot.clusters[0].status.state).toBe('stale');
      expect(
        Object.keys(seen!.snapshot.clusters[0].report.workloads),
      ).toHaveLength(1200);
      expect(Object.keys(seen!.snapshot.clusters[1].report.workloads)).toEqual([
        'dev/b',
      ]);
    });

    it('keeps the parts of the snapshot it replaced for readers, and drops older ones', async () => {
      const { a, knex } = await twoReplicas();
      const refsOf = async () =>
        (await a.latestForRefresh()).snapshot!.clusters.map(c => c.ref!);
      await a.write(snapshot({ prod: report([workload('shop/a')]) }));
      const one = await refsOf();
      await a.write(snapshot({ prod: report([workload('shop/b')]) }));
      const two = await refsOf();
      expect(await partRefs(knex)).toEqual([...one, ...two].sort());
      await a.write(snapshot({ prod: report([workload('shop/c')]) }));
      const three = await refsOf();
      expect(await partRefs(knex)).toEqual([...two, ...three].sort());
    });

    it('does not read its own latest snapshot back before a refresh', async () => {
      const { a, knex } = await twoReplicas();
      await a.write(snapshot({ prod: report([workload('shop/a')]) }));
      const queries: string[] = [];
      const onQuery = (q: { sql: string }) => queries.push(q.sql);
      knex.on('query', onQuery);
      const { snapshot: previous } = await a.latestForRefresh();
      knex.removeListener('query', onQuery);
      expect(previous).toBe((await a.current())?.snapshot);
      expect(queries.join('\n')).not.toMatch(
        /payload.*mesh_security_snapshot_parts|mesh_security_snapshot_parts/,
      );
    });

    it('reads a snapshot stored whole by an earlier version', async () => {
      const { a, knex } = await twoReplicas();
      const old = snapshot({ prod: report([workload('shop/a')]) });
      await knex('mesh_security_snapshot').insert({
        id: 'snapshot',
        revision: 'r1',
        generated_at: old.generatedAt,
        payload: JSON.stringify(old),
      });
      expect((await a.current())?.snapshot).toEqual(old);
    });

    it('stores a cluster as the refresh worker serialized it (UTF-8 bytes) and serves it back on another replica', async () => {
      const { a, b, knex, advance } = await twoReplicas();
      // multi-byte characters, a surrogate pair among them, on both sides of slice boundaries
      const name = 'zürich-🚀';
      const built = snapshot({
        prod: report([
          workload(`shop/${name}`, { labels: { app: name } }),
          workload('shop/b'),
        ]),
      });
      const lastGood = {
        Service: {
          readAt: built.generatedAt,
          objects: [{ kind: 'Service', metadata: { name: '🚀'.repeat(9) } }],
        },
      };
      const workloadParts: WorkloadTextItem[][] = [];
      const reportParts = encodeReport(built.clusters[0].report, items =>
        workloadParts.push(items),
      );
      const lastGoodSlices = sliceText(JSON.stringify(lastGood), 7);
      const fresh: SerializedCluster = {
        ref: 'evaluation-1',
        status: built.clusters[0].status,
        evaluatedAt: built.generatedAt,
        texts: packTexts([...reportParts, ...lastGoodSlices]),
        reportParts: reportParts.length,
        workloads: packServedWorkloads(workloadParts),
        lastGood: true,
        lastGoodSlices: lastGoodSlices.length,
      };
      const served = {
        ...built,
        clusters: [{ ...built.clusters[0], ref: fresh.ref }],
      };
      await a.write(served, undefined, new Map([[fresh.ref, fresh]]));

      // the database holds each part deflated, as text, and it reads back as the JSON text
      const rows: Array<{ kind: string; payload: string; encoding: string }> =
        await knex('mesh_security_snapshot_parts')
          .where({ ref: fresh.ref })
          .orderBy(['kind', 'seq'])
          .select('kind', 'payload', 'encoding');
      expect(new Set(rows.map(r => typeof r.payload))).toEqual(
        new Set(['string']),
      );
      expect(new Set(rows.map(r => r.encoding))).toEqual(new Set(['deflate']));
      const text = (r: { payload: string; encoding: string }) =>
        payloadText(r.payload, r.encoding);
      expect(rows.filter(r => r.kind === 'lastgood').map(text)).toEqual(
        lastGoodSlices,
      );
      expect(rows.filter(r => r.kind === 'report').map(text)).toEqual(
        reportParts,
      );

      advance(1000);
      const read = await b.current();
      expect(read!.snapshot.clusters[0].ref).toBe(fresh.ref);
      expect(
        JSON.parse(JSON.stringify(read!.snapshot.clusters[0].report)),
      ).toEqual(built.clusters[0].report);
      expect(
        JSON.parse(storedTextOf((await b.loadLastGood(fresh.ref))!)),
      ).toEqual(lastGood);
    });

    it('reads parts an earlier version wrote as plain JSON (text, or bytes on SQLite)', async () => {
      const { a, b, knex } = await twoReplicas();
      const built = snapshot({
        prod: report([workload('shop/zürich-🚀'), workload('shop/b')]),
      });
      const read = metricsRead(built.generatedAt);
      await a.write(built, read);
      const table = 'mesh_security_snapshot_parts';
      const rows = await knex(table).select(
        'ref',
        'kind',
        'seq',
        'payload',
        'encoding',
      );
      expect(new Set(rows.map(r => r.kind))).toEqual(
        new Set(['report', 'metrics']),
      );
      for (const { ref, kind, seq, payload, encoding } of rows) {
        const json = payloadText(payload, encoding);
        await knex(table)
          .where({ ref, kind, seq })
          .update({
            payload: databaseId.startsWith('POSTGRES')
              ? json
              : Buffer.from(json),
            encoding: null,
          });
      }
      expect(withoutRefs((await b.current())?.snapshot)).toEqual(built);
      const { metrics } = await b.latestForRefresh();
      expect(await metrics!.metricsJson()).toBe(read.json);
    });

    it('hands out the stored last good lists of a cluster evaluation', async () => {
      const { a } = await twoReplicas();
      const withLists = snapshot({ prod: report([workload('shop/a')]) });
      const lastGood = {
        Service: { readAt: withLists.generatedAt, objects: [] },
      };
      withLists.clusters[0].lastGood = lastGood;
      await a.write(withLists);
      const { snapshot: stored } = await a.latestForRefresh();
      const ref = stored!.clusters[0].ref!;
      // never in the served copy: only the next refresh reads them
      expect(stored!.clusters[0].lastGood).toBeUndefined();
      expect(JSON.parse(storedTextOf((await a.loadLastGood(ref))!))).toEqual(
        lastGood,
      );
      expect((await a.readLatest()).snapshot!.clusters[0].lastGood).toEqual(
        lastGood,
      );
    });

    it('reads long last good lists back whole, a few slices per query', async () => {
      const { a, knex } = await twoReplicas();
      const withLists = snapshot({ prod: report([workload('shop/a')]) });
      // some 20 slices of JSON
      const objects = Array.from({ length: 20 }, (_, i) => ({
        kind: 'Service',
        metadata: { name: `s${i}`, namespace: 'shop' },
        spec: { note: 'x'.repeat(SLICE_CHARS) },
      }));
      const lastGood = {
        Service: { readAt: withLists.generatedAt, objects },
      };
      withLists.clusters[0].lastGood = lastGood as never;
      await a.write(withLists);
      const ref = (await a.latestForRefresh()).snapshot!.clusters[0].ref!;
      const queries: string[] = [];
      const onQuery = (q: { sql: string }) => queries.push(q.sql);
      knex.on('query', onQuery);
      const parts = (await a.loadLastGood(ref))!;
      knex.removeListener('query', onQuery);
      expect(queries.length).toBeGreaterThan(2);
      // handed out as stored: the refresh worker decodes them
      expect(parts.length).toBeGreaterThan(10);
      expect(parts.every(p => p.encoding === 'deflate')).toBe(true);
      expect(JSON.parse(storedTextOf(parts))).toEqual(lastGood);
    });
  });

  if (databases.supports('POSTGRES_15')) {
    it('on POSTGRES_15: rides out the server refusing and dropping its connections', async () => {
      const databaseId: TestDatabaseId = 'POSTGRES_15';
      const knex = await databases.init(databaseId);
      const name = String(connectionOf(knex).database);
      // another database on the same server: the superuser's connection
      const admin = await databases.init(databaseId);
      let now = 0;
      const logger = mockServices.logger.mock();
      const store = await SnapshotStore.create(
        mockServices.database({ knex }),
        { clock: () => now, logger },
      );
      try {
        await store.write(snapshot({ prod: report([workload('shop/a')]) }));
        await admin.raw('ALTER DATABASE ?? WITH ALLOW_CONNECTIONS false', [
          name,
        ]);
        await admin.raw(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?',
          [name],
        );
        now += 1500;
        const stale = await store.current();
        expect(stale?.snapshot.sources.map(s => s.state)).toEqual(['stale']);

        await admin.raw('ALTER DATABASE ?? WITH ALLOW_CONNECTIONS true', [
          name,
        ]);
        // each connection the pool still holds from before fails once
        let back = await store.current();
        for (
          let i = 0;
          i < 6 && back?.snapshot.sources[0].state !== 'ok';
          i++
        ) {
          now += 1500;
          back = await store.current();
        }
        expect(back?.snapshot.sources.map(s => s.state)).toEqual(['ok']);
        expect(logger.error).not.toHaveBeenCalled();
      } finally {
        await admin.raw('ALTER DATABASE ?? WITH ALLOW_CONNECTIONS true', [
          name,
        ]);
      }
    });
  }
});
