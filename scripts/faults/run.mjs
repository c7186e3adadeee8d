// The fault suite: real packages/backend processes fed hostile input by fake
// Prometheus and Kubernetes API servers and by files changed under them.
//
//   yarn test:faults        (./scripts/test.sh runs it)
//
// Two backends, started side by side: "live" reads two clusters through the
// kubernetes plugin and Prometheus; "files" reads a manifests folder and a
// metrics snapshot. Every case checks, besides its own assertions, that the
// backend still runs and answers /health and that no configured secret
// appears in any answer or in the backend's log. One TAP line per case (a
// copy in test-output/faults.tap); the last line: `faults: N tried, N held`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessFamily } from './accessFamily.mjs';
import { startBackend } from './backend.mjs';
import { readDemoObjects, startFakeKubernetes } from './fakeKubernetes.mjs';
import { startFakePrometheus } from './fakePrometheus.mjs';
import { filesFamily } from './filesFamily.mjs';
import { liveFamily } from './liveFamily.mjs';
import { createSuite } from './suite.mjs';
import { whatIfFamily } from './whatIfFamily.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const OUT = join(ROOT, 'test-output');
const DEMO = join(ROOT, 'examples/mesh');
const MAX_SERIES = 200;
const MAX_BYTES = 256 * 1024;

const secret = () => randomBytes(18).toString('hex');
const suite = createSuite({ tapFile: join(OUT, 'faults.tap') });
const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'mesh-security-faults-'));
const closers = [];

/** The common checks of every case on `backend`. */
const checkOn = backend => (name, fn) =>
  suite.check(name, fn, async () => {
    await backend.assertUp();
    const found = suite.secretsIn(`${backend.takeAnswers()}\n${backend.log()}`);
    if (found.length) throw new Error(`secret shown: ${found.join(', ')}`);
  });

/** The demo snapshot plus plaintext calls to payment-service: a finding that must not vanish. */
function demoMetrics() {
  const metrics = JSON.parse(
    readFileSync(join(DEMO, 'metrics-snapshot.json'), 'utf8'),
  );
  metrics.flows.push({
    reporter: 'destination',
    sourceNamespace: 'tools',
    sourceWorkload: 'retool',
    destinationNamespace: 'payments',
    destinationWorkload: 'payment-service',
    destinationService: 'payment-service.payments.svc.cluster.local',
    protocol: 'http',
    security: 'none',
    rate: 3.5,
    errorRate: 0,
  });
  return metrics;
}

async function main() {
  const tokens = { live: secret(), files: secret() };
  const sa = { alpha: secret(), beta: secret() };
  const promUser = 'faults-reader';
  const promPassword = secret();
  const orgId = secret();
  suite.addSecrets('static token', tokens.live, tokens.files);
  suite.addSecrets('service account token', sa.alpha, sa.beta);
  suite.addSecrets(
    'prometheus password',
    promPassword,
    `${promUser}:${promPassword}`,
  );
  suite.addSecrets('prometheus header', orgId);

  const objects = readDemoObjects(join(DEMO, 'manifests'));
  const clusters = {};
  for (const name of ['alpha', 'beta']) {
    clusters[name] = await startFakeKubernetes({ objects, token: sa[name] });
    closers.push(() => clusters[name].close());
  }
  clusters.beta.setMode('forbid-authz');
  const prometheus = await startFakePrometheus({
    authorization: `Basic ${Buffer.from(`${promUser}:${promPassword}`).toString(
      'base64',
    )}`,
    maxSeries: MAX_SERIES,
    maxBytes: MAX_BYTES,
  });
  closers.push(() => prometheus.close());

  const common = {
    refresh: { frequency: 'PT2S', timeout: 'PT60S' },
    entityCacheTtl: '10m',
    history: { enabled: false },
  };
  const folder = join(dir, 'mesh');
  const metricsFile = join(dir, 'metrics.json');
  const specs = [
    {
      name: 'live',
      token: tokens.live,
      overlay: {
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: Object.entries(clusters).map(([name, c]) => ({
                name,
                url: c.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: sa[name],
                skipTLSVerify: true,
              })),
            },
          ],
        },
        meshSecurity: {
          ...common,
          kubernetes: { enabled: true, pageSize: 3 },
          manifests: null,
          metrics: null,
          prometheus: {
            url: prometheus.url,
            basicAuth: { username: promUser, password: promPassword },
            headers: { 'X-Scope-OrgID': orgId },
            timeout: 1500,
            maxResponseBytes: MAX_BYTES,
            maxSeries: MAX_SERIES,
          },
        },
      },
    },
    {
      name: 'files',
      token: tokens.files,
      overlay: {
        meshSecurity: {
          ...common,
          kubernetes: { enabled: false },
          manifests: { cluster: 'gitops', paths: [folder] },
          metrics: { snapshotPath: metricsFile },
        },
      },
    },
  ];
  // side by side: each start costs seconds of both cores
  const [live, files] = await Promise.all(
    specs.map(async spec => {
      const backend = await startBackend({ ...spec, dir, logDir: OUT });
      closers.push(() => backend.replica.kill());
      return backend;
    }),
  );
  // the files backend's folder must exist before its first refresh
  const filesDone = filesFamily({
    backend: files,
    check: checkOn(files),
    demoManifests: join(DEMO, 'manifests'),
    folder,
    metricsFile,
    metrics: demoMetrics(),
    ready: () => files.replica.ready(240_000),
  });
  const liveDone = (async () => {
    await live.replica.ready(240_000);
    suite.note(
      `live backend ready after ${Math.round((Date.now() - started) / 1000)}s`,
    );
    await liveFamily({
      backend: live,
      prometheus,
      clusters,
      check: checkOn(live),
    });
    await accessFamily({ suite, backend: live, check: checkOn(live) });
    await whatIfFamily({ backend: live, check: checkOn(live) });
  })();
  // both run to their end even when one cannot start; the first failure is reported
  const outcomes = await Promise.allSettled([filesDone, liveDone]);
  const rejected = outcomes.find(o => o.status === 'rejected');
  if (rejected) throw rejected.reason;
}

let failure;
try {
  await main();
} catch (error) {
  failure = error;
  suite.note(`the suite could not run: ${error.stack ?? error}`);
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
suite.note(
  `runtime ${Math.round(
    (Date.now() - started) / 1000,
  )}s; logs: test-output/faults-{live,files}.log`,
);
const { tried, held, line } = suite.finish();
console.log(line);
process.exit(failure || held !== tried || tried === 0 ? 1 : 0);
