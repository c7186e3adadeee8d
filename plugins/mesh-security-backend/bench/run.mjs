/**
 * Backend benchmark (not a test). Prints, as its last five lines:
 *   prometheus queries per refresh: 10 entities=A, 1000 entities=B
 *   entity endpoint / catalog by-name median latency ratio: R
 *   event loop max delay during a 4x refresh: N ms
 *   entity endpoint p99 during refresh / idle: R
 *   peak RSS over idle / bytes listed at 4x: M
 * A must equal B: the refresh asks Prometheus aggregate questions whose number
 * does not depend on the catalog. R compares, in one backend process with a
 * catalog of 1000 entities, GET /api/mesh-security/entities/… against
 * GET /api/catalog/entities/by-name/… for the same entity, both asked for an
 * uncompressed answer: the catalog's (~0.6 KB) is below the backend's 1 KB
 * compression threshold and ours (~2 KB) is not, so with the default
 * `Accept-Encoding` the ratio would compare a gzip round trip (deflate in the
 * backend, gunzip in this process's fetch) against a plain one. The
 * compressed figure is printed too, on the first line.
 * The last three come from ./refreshLoad.mjs: a refresh of the engine
 * bench's synthetic mesh at 4x (BENCH_REFRESH_SCALE) read through the real
 * Kubernetes backend plugin from a fake API server. Targets: N <= 100 ms,
 * R <= 2.0, M <= 2.0. Before them, with the refresh's figures: a what-if
 * simulation in that mesh (./whatIfLoad.mjs), its time and the event loop's
 * longest delay while it runs.
 */
process.env.LOG_LEVEL ??= 'error';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBenchBackend } from './backend.mjs';
import { startFakePrometheus } from './fakePrometheus.mjs';
import { writeCatalog, writeMesh } from './fixtures.mjs';
import { measureRefreshLoad } from './refreshLoad.mjs';

const REFRESH_SCALE = Number(process.env.BENCH_REFRESH_SCALE ?? 4);
const MB = 1024 * 1024;

const SERVICES = 1000;
const SAMPLES = 100;
const WARMUP = 20;
const PROBE = 'svc-5'; // in both catalogs

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function waitFor(what, check, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function getJson(backend, path) {
  const res = await fetch(`${backend.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${backend.token}` },
  });
  return {
    status: res.status,
    body: res.ok ? await res.json() : await res.text(),
  };
}

const catalogCount = async (backend, kind) =>
  (
    await getJson(
      backend,
      `/api/catalog/entities/by-query?filter=kind=${kind}&limit=1`,
    )
  ).body?.totalItems ?? 0;

async function snapshotOf(backend) {
  const { status, body } = await getJson(
    backend,
    `/api/mesh-security/entities/default/component/${PROBE}`,
  );
  return status === 200 && body.workloads.length > 0
    ? body.generatedAt
    : undefined;
}

/** Starts a backend over a catalog of `entities`, waits for it, and counts the Prometheus queries of one refresh. */
async function measureRefresh(dir, prometheus, manifestsDir, entities) {
  const backend = await startBenchBackend({
    catalogFile: writeCatalog(dir, entities),
    manifestsDir,
    prometheusUrl: prometheus.url,
  });
  await waitFor(
    `${entities} components in the catalog`,
    async () => (await catalogCount(backend, 'component')) >= entities,
  );
  const first = await waitFor('the first mesh snapshot', () =>
    snapshotOf(backend),
  );
  // a refresh with the whole catalog in place, counted from start to end
  const before = prometheus.queries;
  await backend.triggerRefresh();
  await waitFor('the bench refresh', async () => {
    const at = await snapshotOf(backend);
    return at && at !== first;
  });
  return { backend, queries: prometheus.queries - before };
}

/** the same transfer for both sides of the ratio */
const IDENTITY = { 'Accept-Encoding': 'identity' };

async function timeGet(url, token, headers = IDENTITY) {
  const start = performance.now();
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, ...headers },
  });
  await res.arrayBuffer();
  const ms = performance.now() - start;
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return ms;
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function measureLatency(backend) {
  const ours = `${backend.baseUrl}/api/mesh-security/entities/default/component/${PROBE}`;
  const catalog = `${backend.baseUrl}/api/catalog/entities/by-name/component/default/${PROBE}`;
  for (let i = 0; i < WARMUP; i++) {
    await timeGet(ours, backend.token);
    await timeGet(ours, backend.token, {});
    await timeGet(catalog, backend.token);
  }
  const samples = { ours: [], oursGzip: [], catalog: [], health: [] };
  const health = `${backend.baseUrl}/api/mesh-security/health`;
  // alternate the order so neither side always runs on a warmer process
  for (let i = 0; i < SAMPLES; i++) {
    if (i % 2) {
      samples.ours.push(await timeGet(ours, backend.token));
      samples.catalog.push(await timeGet(catalog, backend.token));
    } else {
      samples.catalog.push(await timeGet(catalog, backend.token));
      samples.ours.push(await timeGet(ours, backend.token));
    }
    // for context: our answer compressed, as a browser asks for it (fetch's default Accept-Encoding)
    samples.oursGzip.push(await timeGet(ours, backend.token, {}));
    // the cost of one HTTP round trip through the backend, for context
    samples.health.push(await timeGet(health, backend.token));
  }
  return {
    ours: median(samples.ours),
    oursGzip: median(samples.oursGzip),
    catalog: median(samples.catalog),
    health: median(samples.health),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-security-bench-'));
  const prometheus = await startFakePrometheus();
  try {
    const manifestsDir = writeMesh(dir, SERVICES);

    const small = await measureRefresh(dir, prometheus, manifestsDir, 10);
    await small.backend.stop();
    const large = await measureRefresh(dir, prometheus, manifestsDir, SERVICES);
    const latency = await measureLatency(large.backend);
    await large.backend.stop();

    console.log(
      `mesh: ${SERVICES} workloads; latency medians over ${SAMPLES} requests each: entity endpoint ${latency.ours.toFixed(
        2,
      )} ms (gzip: ${latency.oursGzip.toFixed(
        2,
      )} ms), catalog by-name ${latency.catalog.toFixed(
        2,
      )} ms, unauthenticated /health ${latency.health.toFixed(2)} ms`,
    );
    console.log(
      `prometheus queries per refresh: 10 entities=${small.queries}, ${SERVICES} entities=${large.queries}`,
    );
    const load = await measureRefreshLoad({ dir, scale: REFRESH_SCALE });
    console.log(
      `refresh at ${load.scale}x: ${load.objects} objects, ${(
        load.bytes / MB
      ).toFixed(0)} MB listed, ${load.metricsSeries} series (${(
        load.metricsBytes / MB
      ).toFixed(0)} MB) from Prometheus, ${(load.refreshMs / 1000).toFixed(
        1,
      )} s; entity p99 ${load.p99During.toFixed(1)} ms over ${
        load.duringSamples
      } requests during it, ${load.p99Idle.toFixed(1)} ms idle; RSS ${(
        load.idleRss / MB
      ).toFixed(0)} MB idle, ${(load.peakRss / MB).toFixed(0)} MB peak`,
    );
    console.log(
      `what-if at ${load.scale}x (STRICT in one namespace, ${
        load.whatIf.workloads
      } workloads changed): ${(load.whatIf.firstMs / 1000).toFixed(
        1,
      )} s first, ${(load.whatIf.nextMs / 1000).toFixed(
        1,
      )} s next; event loop max delay during them: ${load.whatIf.maxDelayMs.toFixed(
        0,
      )} ms`,
    );
    console.log(
      `entity endpoint / catalog by-name median latency ratio: ${(
        latency.ours / latency.catalog
      ).toFixed(2)}`,
    );
    console.log(
      `event loop max delay during a ${
        load.scale
      }x refresh: ${load.maxDelayMs.toFixed(0)} ms`,
    );
    console.log(
      `entity endpoint p99 during refresh / idle: ${(
        load.p99During / load.p99Idle
      ).toFixed(2)}`,
    );
    console.log(
      `peak RSS over idle / bytes listed at ${load.scale}x: ${(
        (load.peakRss - load.idleRss) /
        load.bytes
      ).toFixed(2)}`,
    );
  } finally {
    await prometheus.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
