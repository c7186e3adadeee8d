// Two real backend processes (packages/backend) on one PostgreSQL database,
// reading a fake Prometheus, as adopters run Backstage: several replicas.
//
//   node --test scripts/replicas/replicas.test.mjs     (./scripts/test.sh runs it)
//
// It shows that the refresh runs once per interval across both replicas, that
// both serve the same snapshot, that a replica killed mid-refresh (kill -9) is
// taken over, and that while PostgreSQL is stopped both keep serving their last
// snapshot marked stale, then recover. Both logs are checked for errors (and
// kept in test-output/replica-{a,b}.log).
// Without PostgreSQL's programs a developer's run is skipped (it says why);
// in CI (CI set) that fails. Everything listens on 127.0.0.1 only; every wait
// is bounded.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../lib/waitFor.mjs';
import { freePort, startReplica } from './backendReplica.mjs';
import { startFakePrometheus } from './fakePrometheus.mjs';
import { postgresMissing, startPostgres } from './throwawayPostgres.mjs';

const LOG_DIR = new URL('../../test-output', import.meta.url).pathname;
/** refresh schedule of the replicas, seconds */
const FREQUENCY = 4;
const TIMEOUT = 8;
const ENTITY = '/api/mesh-security/entities/default/component/payment-service';

const missing = postgresMissing();
if (missing && process.env.CI) {
  throw new Error(`The replica test must run in CI, but ${missing}`);
}
if (missing) console.warn(`Skipping the replica test: ${missing}`);

describe('two backend replicas on PostgreSQL', { skip: missing }, () => {
  const token = randomBytes(24).toString('hex');
  let dir;
  let pg;
  let prometheus;
  /** @type {Awaited<ReturnType<typeof startReplica>>[]} */
  let replicas = [];

  async function posture(replica) {
    const res = await fetch(`${replica.baseUrl}${ENTITY}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    if (res.status !== 200) {
      throw new Error(`${replica.name}: ${res.status} ${await res.text()}`);
    }
    return res.json();
  }
  const isStale = body => body.sources.every(s => s.state === 'stale');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-security-replicas-'));
    pg = startPostgres();
    prometheus = await startFakePrometheus();
    const start = async name => {
      const port = await freePort();
      const replica = await startReplica({
        name,
        dir,
        port,
        logFile: join(LOG_DIR, `replica-${name}.log`),
        overlay: {
          backend: {
            baseUrl: `http://127.0.0.1:${port}`,
            listen: { host: '127.0.0.1', port },
            // one database per plugin, as in production; shared by both replicas
            database: { client: 'pg', connection: pg.connection },
            // a service caller, as another backend would be
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token, subject: 'replicas-test' },
                },
              ],
            },
          },
          meshSecurity: {
            // strings: an object would merge with app-config.yaml's minutes
            refresh: { frequency: `PT${FREQUENCY}S`, timeout: `PT${TIMEOUT}S` },
            metrics: null,
            prometheus: { url: `${prometheus.url}/${name}` },
            // the entity's catalog metadata outlives the database outage below
            entityCacheTtl: '10m',
          },
        },
      });
      replicas.push(replica);
      await replica.ready(180_000);
    };
    // one after the other: the catalog's first migration does not wait for a
    // lock held by another replica, it fails
    await start('a');
    await start('b');
  });

  after(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    await prometheus?.close();
    try {
      pg?.stop();
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves one snapshot from both replicas', async () => {
    // the catalog reads payment-service first, then both answer from one refresh
    const [a, b] = await waitFor(
      'the same snapshot on both',
      90_000,
      async () => {
        const both = await Promise.all(replicas.map(posture));
        return both[0].generatedAt === both[1].generatedAt ? both : undefined;
      },
    );
    assert.deepEqual(
      a.workloads.map(w => [w.name, w.mtlsMode]),
      [['payment-service', 'STRICT']],
    );
    assert.deepEqual(b.workloads, a.workloads);
    assert.deepEqual(
      a.sources.map(s => [s.name, s.state]),
      [
        ['manifests:demo', 'ok'],
        ['prometheus', 'ok'],
      ],
    );
  });

  it('refreshes once per interval across both replicas', async () => {
    const intervals = 4;
    const from = Date.now();
    await sleep(intervals * FREQUENCY * 1000);
    const to = Date.now();
    const { starts, distinctQueries } = prometheus.refreshes();
    const inWindow = starts.filter(q => q.at > from && q.at <= to);
    // a start lags its due time by up to one poll of the scheduler: ±1
    assert.ok(
      Math.abs(inWindow.length - intervals) <= 1,
      `${inWindow.length} refreshes in ${intervals} intervals: ${inWindow
        .map(q => `${q.replica}@${q.at - from}ms`)
        .join(', ')}`,
    );
    // every refresh is one replica's complete read: each query once, by it
    assert.ok(distinctQueries > 1);
    for (const name of ['a', 'b']) {
      const sent = prometheus.queries.filter(q => q.replica === name).length;
      const refreshes = starts.filter(q => q.replica === name).length;
      assert.equal(sent, refreshes * distinctQueries, `queries of ${name}`);
    }
  });

  it('serves the last snapshot marked stale while PostgreSQL is stopped, and recovers', async t => {
    const before = await Promise.all(replicas.map(posture));
    pg.pause();
    const pausedAt = Date.now();
    const during = await Promise.all(
      replicas.map(r =>
        waitFor(`${r.name} marks its snapshot stale`, 10_000, async () => {
          const body = await posture(r);
          return isStale(body) ? body : undefined;
        }),
      ),
    );
    for (const [i, body] of during.entries()) {
      assert.ok(body.generatedAt >= before[i].generatedAt);
      assert.deepEqual(body.workloads, before[i].workloads);
      assert.match(
        body.sources[0].message,
        /the database cannot be reached since/,
      );
    }
    // a while longer than a refresh interval: nobody can refresh, both still serve
    await sleep(Math.max(0, FREQUENCY * 1000 + 1000 - (Date.now() - pausedAt)));
    for (const r of replicas) assert.ok(isStale(await posture(r)));

    pg.resume();
    const resumedAt = Date.now();
    await Promise.all(
      replicas.map(r =>
        waitFor(`${r.name} serves fresh data again`, 15_000, async () => {
          const body = await posture(r);
          return !isStale(body) && body.generatedAt > during[0].generatedAt
            ? body
            : undefined;
        }),
      ),
    );
    t.diagnostic(
      `both recovered ${Date.now() - resumedAt} ms after PostgreSQL came back`,
    );
  });

  it('takes over a refresh whose replica was killed (kill -9) mid-refresh', async t => {
    const { starts } = prometheus.refreshes();
    const seen = starts.length;
    // the next refresh, whichever replica runs it, waits on Prometheus
    const holder = await Promise.race([
      prometheus.hold(),
      sleep((FREQUENCY + 10) * 1000).then(() => {
        throw new Error('no refresh started within an interval');
      }),
    ]);
    const killed = replicas.find(r => r.name === holder);
    const survivor = replicas.find(r => r.name !== holder);
    const lastGenerated = (await posture(survivor)).generatedAt;
    await killed.kill();
    const killedAt = Date.now();
    prometheus.release();
    assert.ok(prometheus.refreshes().starts.length > seen);

    // the run's timeout, then one interval: the survivor notices the abandoned
    // run (checks each eighth of the timeout) and the scheduler gives the
    // next run out at its next poll (once per interval), then the refresh runs
    const bound = (TIMEOUT + 2 * FREQUENCY) * 1000;
    const taken = await waitFor(
      'a refresh by the survivor',
      bound + 60_000,
      async () => {
        const body = await posture(survivor);
        return body.generatedAt > lastGenerated ? body : undefined;
      },
    );
    const elapsed = Date.now() - killedAt;
    t.diagnostic(
      `the survivor refreshed ${elapsed} ms after the kill (bound ${bound} ms)`,
    );
    assert.ok(!isStale(taken));
    assert.ok(elapsed <= bound, `took ${elapsed} ms`);
  });

  it('logs no expected state at error level', t => {
    // not ready yet, a source or the database out of reach, a refresh taken
    // over: all of that is warn at most. Other plugins' errors are listed.
    const errors = replicas.flatMap(r =>
      r.entries
        .filter(e => e.level === 'error')
        .map(e => ({ replica: r.name, ...e })),
    );
    for (const e of errors.filter(e => e.plugin !== 'mesh-security')) {
      t.diagnostic(`${e.replica}: ${e.line.slice(0, 400)}`);
    }
    assert.deepEqual(
      errors.filter(e => e.plugin === 'mesh-security').map(e => e.line),
      [],
    );
  });
});
