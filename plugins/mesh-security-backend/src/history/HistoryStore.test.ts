import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { Knex, migrate, point } from './__testUtils__/historyFixtures';
import { HistoryStore } from './HistoryStore';
import { retentionCutoffs } from './retention';
import { MS_PER_DAY } from './types';

const HOUR = 3_600_000;
/** 2026-03-10T12:00:00Z: a fixed "now" for the fake clock */
const NOW = Date.UTC(2026, 2, 10, 12);
const OPTIONS = { fullResolutionDays: 7, retentionDays: 90 };

describe('HistoryStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function store(): Promise<{ knex: Knex; history: HistoryStore }> {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      const history = await HistoryStore.create(
        mockServices.database({ knex }),
      );
      return { knex, history };
    }

    const times = async (history: HistoryStore, subject: string) =>
      (await history.read('entity', subject, 0)).map(p => p.at);

    it('migrates up and down and up again', async () => {
      const knex = await databases.init(databaseId);
      await migrate(knex);
      expect(await knex.schema.hasTable('mesh_security_history')).toBe(true);
      expect(await knex.schema.hasTable('mesh_security_regressions_sent')).toBe(
        true,
      );
      const config = {
        directory: `${__dirname}/../../migrations`,
        tableName: 'mesh_security__knex_migrations',
      };
      // undo the history migration only (by name: later migrations exist): the snapshot table stays
      await knex.migrate.down({ ...config, name: '20251206000000_history.js' });
      expect(await knex.schema.hasTable('mesh_security_history')).toBe(false);
      expect(await knex.schema.hasTable('mesh_security_snapshot')).toBe(true);
      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('mesh_security_history')).toBe(true);
    });

    it('reads back what it recorded, oldest first, with nulls and booleans as written', async () => {
      const { history } = await store();
      await history.record([
        point('component:default/a', NOW),
        point('component:default/a', NOW - HOUR, {
          mtlsMode: null,
          mtlsTrafficShare: null,
          rps: null,
          grade: null,
          score: null,
          partial: true,
        }),
      ]);
      const read = await history.read('entity', 'Component:default/A', 0);
      expect(read).toEqual([
        point('component:default/a', NOW - HOUR, {
          mtlsMode: null,
          mtlsTrafficShare: null,
          rps: null,
          grade: null,
          score: null,
          partial: true,
        }),
        point('component:default/a', NOW),
      ]);
      expect(await history.read('team', 'component:default/a', 0)).toEqual([]);
      expect(
        await history.read('entity', 'component:default/a', NOW - HOUR + 1),
      ).toHaveLength(1);
    });

    it('thins a window in the database to the last point of each interval', async () => {
      const { history } = await store();
      const subject = 'component:default/a';
      // a point every 5 minutes for 10 hours, and one of another subject
      const points = Array.from({ length: 120 }, (_, i) =>
        point(subject, NOW - i * 300_000),
      );
      await history.record([...points, point('component:default/b', NOW)]);
      const since = NOW - 10 * HOUR;
      const thinned = await history.read('entity', subject, since, HOUR);
      const expected = points
        .map(p => p.at)
        .filter(t => t >= since)
        .sort((x, y) => x - y)
        .filter((t, i, all) => {
          const next = all[i + 1];
          return (
            next === undefined ||
            Math.floor((next - since) / HOUR) !== Math.floor((t - since) / HOUR)
          );
        });
      expect(thinned.map(p => p.at)).toEqual(expected);
      expect(thinned).toHaveLength(11); // 10 full hours, and NOW itself
      expect(thinned.every(p => p.subject === subject)).toBe(true);
    });

    it('never writes the same point twice: a repeated refresh (or replica) adds nothing', async () => {
      const { knex, history } = await store();
      await history.record([point('component:default/a', NOW)]);
      await history.record([
        point('component:default/a', NOW, { strict: 0 }),
        point('component:default/b', NOW),
      ]);
      const [{ n }] = await knex('mesh_security_history').count({ n: '*' });
      expect(Number(n)).toBe(2);
      const [a] = await history.read('entity', 'component:default/a', 0);
      expect(a.strict).toBe(2); // the first write stays
      expect(await times(history, 'component:default/b')).toEqual([NOW]);
      // the driver's error may come from another test file's realm: match its message, not its class
      const refused = await knex('mesh_security_history')
        .insert({
          scope: 'entity',
          subject: 'component:default/a',
          at: NOW,
          day: 0,
          workloads: 0,
          meshed: 0,
          strict: 0,
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          info: 0,
        })
        .then(
          () => undefined,
          (error: { message?: string }) => error,
        );
      expect(refused?.message).toMatch(/unique|duplicate/i);
    });

    it('records in batches larger than one statement allows', async () => {
      const { history } = await store();
      const many = Array.from({ length: 1234 }, (_, i) =>
        point('component:default/a', NOW - i * 60_000),
      );
      await history.record(many);
      expect(await times(history, 'component:default/a')).toHaveLength(1234);
    });

    it('keeps every point of the full-resolution days, the last of each older day, none past retention', async () => {
      const { history } = await store();
      const subject = 'component:default/a';
      // one point every 6 hours over 100 days, plus one for the team
      const points = [];
      for (let t = NOW - 100 * MS_PER_DAY; t <= NOW; t += 6 * HOUR)
        points.push(point(subject, t));
      await history.record([
        ...points,
        point('group:default/team', NOW - 30 * MS_PER_DAY, { scope: 'team' }),
      ]);

      const cutoffs = retentionCutoffs(NOW, OPTIONS);
      const result = await history.prune(cutoffs);
      const kept = await times(history, subject);

      expect(kept.every(t => t >= cutoffs.deleteBefore)).toBe(true);
      const recent = kept.filter(t => t >= cutoffs.fullResolutionFrom);
      expect(recent).toEqual(
        points.map(p => p.at).filter(t => t >= cutoffs.fullResolutionFrom),
      );
      const old = kept.filter(t => t < cutoffs.fullResolutionFrom);
      const days = old.map(t => Math.floor(t / MS_PER_DAY));
      expect(new Set(days).size).toBe(old.length); // one per day
      // the last point of its day: 18:00 UTC with points at 0, 6, 12, 18
      expect(old.every(t => new Date(t).getUTCHours() === 18)).toBe(true);
      expect(old).toHaveLength(
        (cutoffs.fullResolutionFrom - cutoffs.deleteBefore) / MS_PER_DAY,
      );
      expect(result.expired + result.thinned).toBe(points.length - kept.length);
      // the team's single point of its day is its last: kept
      expect(
        (await history.read('team', 'group:default/team', 0)).map(p => p.at),
      ).toEqual([NOW - 30 * MS_PER_DAY]);

      // the clock moves on a day: the day leaving full resolution is thinned, nothing else moves
      const later = retentionCutoffs(NOW + MS_PER_DAY, OPTIONS);
      await history.prune(later);
      const afterADay = await times(history, subject);
      expect(afterADay.filter(t => t < later.fullResolutionFrom)).toHaveLength(
        (later.fullResolutionFrom - later.deleteBefore) / MS_PER_DAY,
      );
      // pruning again at the same time changes nothing
      await expect(history.prune(later)).resolves.toEqual({
        expired: 0,
        thinned: 0,
      });
    });

    it('lets one claim of a regression win across two stores on one database', async () => {
      const { knex, history: a } = await store();
      const b = await HistoryStore.create(mockServices.database({ knex }));
      const claim = {
        id: 'f'.repeat(64),
        kind: 'strict-lost',
        entityRef: 'component:default/a',
        at: NOW,
      };
      const results = await Promise.all([
        a.claimRegression(claim),
        b.claimRegression(claim),
      ]);
      expect(results.sort()).toEqual([false, true]);
      await expect(a.claimRegression(claim)).resolves.toBe(false);
      // released (its notification failed): the next detection may send it
      await b.releaseRegression(claim.id);
      await expect(a.claimRegression(claim)).resolves.toBe(true);
      // claims expire with the history
      await a.prune(retentionCutoffs(NOW + 91 * MS_PER_DAY, OPTIONS));
      await expect(b.claimRegression(claim)).resolves.toBe(true);
    });

    it('knows how many entities have points at a refresh, and which subjects have any', async () => {
      const { history } = await store();
      await expect(history.entityPointsAt(NOW)).resolves.toBe(0);
      await expect(history.subjectsWithPoints()).resolves.toEqual(new Set());
      await history.record([
        point('component:default/a', NOW),
        point('component:default/b', NOW),
        point('component:default/a', NOW - HOUR),
        point('group:default/team', NOW, { scope: 'team' }),
      ]);
      // team points are not entities
      await expect(history.entityPointsAt(NOW)).resolves.toBe(2);
      await expect(history.entityPointsAt(NOW - HOUR)).resolves.toBe(1);
      await expect(history.entityPointsAt(NOW - 1)).resolves.toBe(0);
      await expect(history.subjectsWithPoints()).resolves.toEqual(
        new Set([
          'entity component:default/a',
          'entity component:default/b',
          'team group:default/team',
        ]),
      );
    });

    it('keeps a point recorded twice as it was, unless asked to replace it', async () => {
      const { history } = await store();
      const team = (workloads: number) =>
        point('group:default/team', NOW, { scope: 'team', workloads });
      const read = async () =>
        (await history.read('team', 'group:default/team', 0)).map(
          p => p.workloads,
        );
      await history.record([team(1)]);
      await history.record([team(3)]);
      expect(await read()).toEqual([1]);
      await history.record([team(3)], { replace: true });
      expect(await read()).toEqual([3]);
    });
  });
});
