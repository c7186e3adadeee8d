/**
 * What a refresh of a large mesh costs the backend serving requests: one
 * backend (this process) reads the synthetic mesh at `scale` through the
 * real Kubernetes backend plugin from a fake API server (a child process,
 * pages of 500), and while it refreshes:
 * - the event loop's longest delay, from perf_hooks.monitorEventLoopDelay in
 *   this process (the backend's; 10 ms resolution);
 * - the entity endpoint's p99 latency, requests one after another from a
 *   client in a child process of its own (./entityProbes.mjs), against as
 *   many requests while idle;
 * - the peak RSS (sampled every 10 ms) over the RSS right before, against
 *   the bytes of list bodies the API server sent.
 * Prometheus answers with the mesh's traffic at the same scale
 * (./fakeMeshPrometheus.mjs), read by the refresh too. Then what a what-if
 * simulation in that mesh costs (./whatIfLoad.mjs).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startBenchBackend } from './backend.mjs';
import { startEntityProbes } from './entityProbes.mjs';
import { startFakeApiServer } from './fakeApiServer.mjs';
import { startFakeMeshPrometheus } from './fakeMeshPrometheus.mjs';
import { writeSyntheticMeshCatalog } from './fixtures.mjs';
import { keptEvaluatedAt, measureWhatIf } from './whatIfLoad.mjs';

/**
 * Requests timed while idle: about as many as a 4x refresh gives, so both
 * p99s are read off samples of one size (of 300, the idle p99 was the third
 * slowest request and moved 12–23 ms from run to run).
 */
const IDLE_SAMPLES = 2000;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};

export async function measureRefreshLoad({ dir, scale }) {
  const api = await startFakeApiServer(scale);
  const prometheus = await startFakeMeshPrometheus(scale);
  let backend;
  let probes;
  try {
    backend = await startBenchBackend({
      catalogFile: writeSyntheticMeshCatalog(dir, 20),
      prometheusUrl: prometheus.url,
      kubernetesUrl: api.url,
    });
    // the first refresh (the backend asks for it at startup) fills the store
    probes = await startEntityProbes(backend);
    const first = await probes.snapshot();
    await sleep(2000);

    const idle = await probes.latencies(IDLE_SAMPLES);

    const keptBefore = await keptEvaluatedAt(backend, 'bench');
    await api.reset();
    const idleRss = process.memoryUsage.rss();
    let peakRss = idleRss;
    const rssTimer = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 10);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    await backend.triggerRefresh();
    const during = await probes.latenciesUntilNew(first);
    const refreshMs = performance.now() - started;
    loop.disable();
    clearInterval(rssTimer);
    const bytes = await api.bytes();
    const whatIf = await measureWhatIf(backend, {
      cluster: 'bench',
      namespace: 'team-0001',
      after: keptBefore,
    });
    return {
      whatIf,
      scale,
      objects: api.objects,
      metricsBytes: prometheus.bytes,
      metricsSeries: Object.values(prometheus.series).reduce((a, b) => a + b),
      refreshMs,
      maxDelayMs: loop.max / 1e6,
      p99Idle: percentile(idle, 99),
      p99During: percentile(during, 99),
      duringSamples: during.length,
      idleRss,
      peakRss,
      bytes,
    };
  } finally {
    probes?.close();
    await backend?.stop();
    api.close();
    prometheus.close();
  }
}
