/**
 * PrometheusSource against a real Prometheus: Istio series for a small mesh are
 * backfilled with promtool, Prometheus serves them, and the source's PromQL
 * must reproduce the rates, latencies and identities the series were built from.
 *
 * Needs Debian's `prometheus` and `promtool` in /usr/bin. Set MS_SKIP_PROMETHEUS=1
 * to skip on machines without them.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type {
  FlowSample,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import { PrometheusSource } from './prometheusSource';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const SKIP = process.env.MS_SKIP_PROMETHEUS === '1';

const STEP_S = 15;
const SPAN_S = 40 * 60;
/** cumulative share of requests at or below each bucket bound (ms) */
const BUCKETS: Array<[string, number]> = [
  ['5', 0.2],
  ['10', 0.6],
  ['25', 0.9],
  ['50', 0.97],
  ['100', 0.995],
  ['250', 1],
  ['+Inf', 1],
];
/** histogram_quantile's linear interpolation inside the buckets above */
const P50_MS = 5 + ((0.5 - 0.2) / (0.6 - 0.2)) * 5; // 8.75
const P99_MS = 50 + ((0.99 - 0.97) / (0.995 - 0.97)) * 50; // 90

interface Workload {
  ns: string;
  name: string;
  sa: string;
}
const gateway: Workload = { ns: 'edge', name: 'gw', sa: 'gw' };
const order: Workload = { ns: 'shop', name: 'order', sa: 'order' };
const legacy: Workload = { ns: 'legacy', name: 'legacy', sa: 'default' };
const notify: Workload = { ns: 'comms', name: 'notify', sa: 'notify' };
const db: Workload = { ns: 'data', name: 'db', sa: 'db' };
const outside: Workload = { ns: 'unknown', name: 'unknown', sa: '' };

interface Edge {
  from: Workload;
  to: Workload;
  protocol: 'http' | 'tcp';
  /** requests (or connections) per second */
  rate: number;
  /** 5xx per second */
  errors?: number;
  /** which proxies report it, with their connection_security_policy */
  reporters: Array<['source' | 'destination', string]>;
}

/** The small mesh: an mTLS HTTP edge, a plaintext edge into a sidecar, a call to a workload without proxy, a TCP edge. */
const EDGES: Edge[] = [
  {
    from: gateway,
    to: order,
    protocol: 'http',
    rate: 10,
    errors: 0.5,
    reporters: [
      ['source', 'unknown'],
      ['destination', 'mutual_tls'],
    ],
  },
  {
    from: order,
    to: legacy,
    protocol: 'http',
    rate: 4,
    reporters: [['source', 'unknown']],
  },
  {
    from: outside,
    to: notify,
    protocol: 'http',
    rate: 2,
    reporters: [['destination', 'none']],
  },
  {
    from: order,
    to: db,
    protocol: 'tcp',
    rate: 0.5,
    reporters: [
      ['source', 'unknown'],
      ['destination', 'mutual_tls'],
    ],
  },
];

const principal = (w: Workload, security: string) =>
  w === outside || security !== 'mutual_tls'
    ? 'unknown'
    : `spiffe://cluster.local/ns/${w.ns}/sa/${w.sa}`;

function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(
      ([k, v]) =>
        `${k}="${v
          .replace(/\\/g, '\\\\')
          .replace(/"/g, '\\"')
          .replace(/\n/g, '\\n')}"`,
    )
    .join(',')}}`;
}

/** OpenMetrics text of the mesh above, one sample every 15 s from `start` to `end` (unix seconds). */
function istioOpenMetrics(start: number, end: number): string {
  const times: number[] = [];
  for (let t = start; t <= end; t += STEP_S) times.push(t);
  const requests: string[] = [];
  const tcp: string[] = [];
  const durations: string[] = [];

  for (const edge of EDGES) {
    for (const [reporter, security] of edge.reporters) {
      const base = {
        reporter,
        source_workload: edge.from.name,
        source_workload_namespace: edge.from.ns,
        source_principal:
          reporter === 'destination'
            ? principal(edge.from, security)
            : 'unknown',
        destination_workload: edge.to.name,
        destination_workload_namespace: edge.to.ns,
        destination_principal: 'unknown',
        destination_service: `${edge.to.name}.${edge.to.ns}.svc.cluster.local`,
        connection_security_policy: security,
      };
      if (edge.protocol === 'tcp') {
        const labels = labelText(base);
        for (const t of times)
          tcp.push(
            `istio_tcp_connections_opened_total${labels} ${
              edge.rate * (t - start)
            } ${t}`,
          );
        continue;
      }
      const codes: Array<[string, number]> = [
        ['200', edge.rate - (edge.errors ?? 0)],
      ];
      if (edge.errors) codes.push(['503', edge.errors]);
      for (const [code, rate] of codes) {
        const labels = labelText({
          ...base,
          request_protocol: 'http',
          response_code: code,
        });
        for (const t of times)
          requests.push(
            `istio_requests_total${labels} ${rate * (t - start)} ${t}`,
          );
      }
      const histogram = {
        ...base,
        request_protocol: 'http',
        response_code: '200',
      };
      for (const t of times) {
        const total = edge.rate * (t - start);
        for (const [le, share] of BUCKETS) {
          durations.push(
            `istio_request_duration_milliseconds_bucket${labelText({
              ...histogram,
              le,
            })} ${total * share} ${t}`,
          );
        }
        durations.push(
          `istio_request_duration_milliseconds_count${labelText(
            histogram,
          )} ${total} ${t}`,
        );
        durations.push(
          `istio_request_duration_milliseconds_sum${labelText(histogram)} ${
            total * 12
          } ${t}`,
        );
      }
    }
  }
  return [
    '# TYPE istio_requests counter',
    ...requests,
    '# TYPE istio_tcp_connections_opened counter',
    ...tcp,
    '# TYPE istio_request_duration_milliseconds histogram',
    ...durations,
    '# EOF',
    '',
  ].join('\n');
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilReady(
  url: string,
  process: ChildProcess,
  log: () => string,
) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) {
      throw new Error(`Prometheus exited with ${process.exitCode}:\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`Prometheus did not become ready:\n${log()}`);
}

const close = (
  actual: number | null | undefined,
  expected: number,
  tolerance = 0.03,
) => {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    Math.abs(expected) * tolerance,
  );
};

if (SKIP) {
  // eslint-disable-next-line no-console
  console.log(
    'MS_SKIP_PROMETHEUS=1: skipping the real Prometheus integration test',
  );
}

(SKIP ? describe.skip : describe)(
  'PrometheusSource against a real Prometheus',
  () => {
    jest.setTimeout(180_000);

    let workDir: string | undefined;
    let prometheus: ChildProcess | undefined;
    let output = '';
    let url = '';
    let metrics: MeshMetrics;
    let fetchCalls = 0;

    beforeAll(async () => {
      for (const binary of [PROMETHEUS, PROMTOOL]) {
        if (!existsSync(binary)) {
          throw new Error(
            `${binary} is missing. Install Debian's Prometheus with \`sudo apt-get install prometheus\` ` +
              '(it provides /usr/bin/prometheus and /usr/bin/promtool), or set MS_SKIP_PROMETHEUS=1 to skip this test.',
          );
        }
      }
      workDir = await mkdtemp(join(tmpdir(), 'mesh-prometheus-'));
      const end = Math.floor(Date.now() / 1000 / STEP_S) * STEP_S;
      const input = join(workDir, 'istio.om');
      const data = join(workDir, 'data');
      await writeFile(input, istioOpenMetrics(end - SPAN_S, end));
      await promisify(execFile)(PROMTOOL, [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--quiet',
        input,
        data,
      ]);

      const config = join(workDir, 'prometheus.yml');
      await writeFile(
        config,
        'global:\n  scrape_interval: 15s\nscrape_configs: []\n',
      );
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${data}`,
          `--web.listen-address=127.0.0.1:${port}`,
          // backfilled blocks are older than the head; keep them and never let retention drop them
          '--storage.tsdb.retention.time=30d',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheus.stdout?.on('data', chunk => (output += chunk));
      prometheus.stderr?.on('data', chunk => (output += chunk));
      await waitUntilReady(url, prometheus, () => output.slice(-4000));

      const realFetch = global.fetch;
      const spy = jest.spyOn(global, 'fetch').mockImplementation((...args) => {
        fetchCalls++;
        return realFetch(...args);
      });
      try {
        const source = new PrometheusSource({ url, timeoutMs: 30_000 });
        const read = await source.read();
        if (read.status.state !== 'ok') {
          throw new Error(`PrometheusSource failed: ${read.status.message}`);
        }
        if (fetchCalls !== source.queriesPerRead) {
          throw new Error(
            `expected ${source.queriesPerRead} queries, sent ${fetchCalls}`,
          );
        }
        metrics = read.metrics['*'];
      } finally {
        spy.mockRestore();
      }
    }, 180_000);

    afterAll(async () => {
      if (prometheus && prometheus.exitCode === null) {
        const exited = new Promise(r => prometheus!.once('exit', r));
        prometheus.kill('SIGTERM');
        const killed = setTimeout(() => prometheus?.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killed);
      }
      if (workDir) await rm(workDir, { recursive: true, force: true });
    }, 30_000);

    const flow = (
      reporter: string,
      from: Workload,
      to: Workload,
      protocol = 'http',
    ): FlowSample | undefined =>
      metrics.flows.find(
        f =>
          f.reporter === reporter &&
          f.sourceNamespace === from.ns &&
          f.sourceWorkload === from.name &&
          f.destinationNamespace === to.ns &&
          f.destinationWorkload === to.name &&
          f.protocol === protocol,
      );

    it('reads per-edge request rates and 5xx rates from both reporters', () => {
      const inbound = flow('destination', gateway, order)!;
      expect(inbound).toMatchObject({
        security: 'mutual_tls',
        destinationService: 'order.shop.svc.cluster.local',
      });
      close(inbound.rate, 10);
      close(inbound.errorRate, 0.5);

      const outbound = flow('source', gateway, order)!;
      expect(outbound.security).toBe('unknown');
      close(outbound.rate, 10);
    });

    it('sees calls to a workload without proxy only from the source reporter', () => {
      close(flow('source', order, legacy)?.rate, 4);
      expect(flow('destination', order, legacy)).toBeUndefined();
    });

    it('reports the plaintext edge and the inputs of the mTLS share', () => {
      const plaintext = flow('destination', outside, notify)!;
      expect(plaintext.security).toBe('none');
      close(plaintext.rate, 2);

      const inboundHttp = metrics.flows.filter(
        f => f.reporter === 'destination' && f.protocol !== 'tcp',
      );
      const total = inboundHttp.reduce((sum, f) => sum + f.rate, 0);
      const mutual = inboundHttp
        .filter(f => f.security === 'mutual_tls')
        .reduce((sum, f) => sum + f.rate, 0);
      close(mutual / total, 10 / 12);
    });

    it('reads TCP connection rates', () => {
      const tcp = flow('destination', order, db, 'tcp')!;
      expect(tcp).toMatchObject({ security: 'mutual_tls', errorRate: 0 });
      close(tcp.rate, 0.5);
      close(flow('source', order, db, 'tcp')?.rate, 0.5);
    });

    it('computes p50 and p99 per edge and per destination workload', () => {
      const edgeLatency = metrics.latencies.find(
        l =>
          l.reporter === 'destination' &&
          l.sourceWorkload === 'gw' &&
          l.destinationWorkload === 'order',
      );
      close(edgeLatency?.p50Ms, P50_MS);
      close(edgeLatency?.p99Ms, P99_MS);

      const workload = metrics.latencies.find(
        l =>
          l.sourceWorkload === undefined &&
          l.destinationNamespace === 'shop' &&
          l.destinationWorkload === 'order',
      );
      expect(workload?.reporter).toBe('destination');
      close(workload?.p50Ms, P50_MS);
      close(workload?.p99Ms, P99_MS);
      // legacy has no proxy: no destination-side workload latency
      expect(
        metrics.latencies.find(
          l =>
            l.sourceWorkload === undefined &&
            l.destinationWorkload === 'legacy',
        ),
      ).toBeUndefined();
    });

    it('counts callers per identity over the long window', () => {
      const identity = (to: Workload, from: Workload) =>
        metrics.identities.find(
          i =>
            i.destinationWorkload === to.name &&
            i.sourceWorkload === from.name &&
            i.sourceNamespace === from.ns,
        );
      expect(identity(order, gateway)).toMatchObject({
        sourcePrincipal: 'spiffe://cluster.local/ns/edge/sa/gw',
        security: 'mutual_tls',
      });
      close(identity(order, gateway)?.count, 10 * SPAN_S, 0.02);
      expect(identity(notify, outside)).toMatchObject({
        sourcePrincipal: 'unknown',
        security: 'none',
      });
      close(identity(notify, outside)?.count, 2 * SPAN_S, 0.02);
      close(identity(db, order)?.count, 0.5 * SPAN_S, 0.02);
      // only destination-reported series count as identities
      expect(identity(legacy, order)).toBeUndefined();
      expect(metrics).toMatchObject({ window: '5m', longWindow: '24h' });
    });
  },
);
