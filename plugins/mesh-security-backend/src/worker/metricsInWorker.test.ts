import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  MeshMetrics,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '@mesh-security/mesh-security-engine';
import { buildSnapshot } from '../refresh/buildSnapshot';
import { PrometheusSource } from '../sources/prometheusSource';
import type { ClusterObjectSource } from '../sources/types';
import { DEMO_NOW, demoMesh } from '../whatIf/__testUtils__/demoMesh';
import { reportPartsOf } from './clusterJob';
import { encodePayload } from '../snapshot/storedPayload';
import { countOf, sliceText, textsIn } from './packedTexts';
import { RefreshWorker } from './RefreshWorker';
import { decodeReport } from './reportParts';

const demo = demoMesh();
const NOW = DEMO_NOW.toISOString();
const PASSWORD = 'pr0m-s3cret';
const BASIC = `Basic ${Buffer.from(`reader:${PASSWORD}`).toString('base64')}`;

/** The demo's HTTP flows as Prometheus answers the flow query (the other queries: empty). */
const httpFlowRows = demo
  .metrics!.flows.filter(f => f.protocol !== 'tcp')
  .map(f => ({
    metric: {
      reporter: f.reporter,
      source_workload_namespace: f.sourceNamespace,
      source_workload: f.sourceWorkload,
      destination_workload_namespace: f.destinationNamespace,
      destination_workload: f.destinationWorkload,
      ...(f.destinationService && {
        destination_service: f.destinationService,
      }),
      request_protocol: f.protocol,
      connection_security_policy: f.security,
      response_code: '200',
    },
    value: [DEMO_NOW.getTime() / 1000, String(f.rate)],
  }));

const status = (state: SourceStatus['state']): SourceStatus => ({
  name: 'kubernetes:prod',
  kind: 'kubernetes',
  state,
  lastSuccessAt: NOW,
});

/** The demo cluster, read on the main thread (as the manifests source does). */
const demoCluster: ClusterObjectSource = {
  name: 'manifests',
  read: async () => [
    { cluster: 'prod', objects: demo.objects, status: status('ok') },
  ],
};

/**
 * Prometheus as the worker sees it: a real HTTP server (msw only intercepts
 * this thread's fetch), with basic auth.
 */
describe('the refresh worker reading Prometheus', () => {
  const prometheus = { failing: false, queries: 0 };
  let server: Server;
  let source: PrometheusSource;
  const warn = jest.fn();
  const worker = new RefreshWorker({ warn });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        prometheus.queries++;
        const query = new URLSearchParams(body).get('query');
        // the plan carries the credentials into the worker
        if (req.headers.authorization !== BASIC) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(prometheus.failing ? 500 : 200, {
          'content-type': 'application/json',
        });
        if (prometheus.failing) {
          // a careless proxy echoing the credentials
          res.end(
            JSON.stringify({
              status: 'error',
              error: `upstream refused ${req.headers.authorization}`,
            }),
          );
          return;
        }
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              resultType: 'vector',
              result: query === source.promql.httpFlows ? httpFlowRows : [],
            },
          }),
        );
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    source = new PrometheusSource({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      basicAuth: { username: 'reader', password: PASSWORD },
      clock: () => DEMO_NOW,
    });
  });
  afterAll(async () => {
    await worker.close();
    // the worker's kept-alive connections are not waited for
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    prometheus.failing = false;
    prometheus.queries = 0;
    warn.mockClear();
  });

  const evaluateHeld = async (heldMetrics: number) => {
    const result = await worker.evaluate(
      {
        read: { cluster: 'prod', objects: demo.objects, status: status('ok') },
        heldMetrics,
        now: NOW,
        generatedAt: NOW,
      },
      async () => undefined,
    );
    return decodeReport(reportPartsOf(result));
  };
  const reportWith = (metrics?: MeshMetrics) =>
    evaluateMesh({ objects: demo.objects, metrics, now: DEMO_NOW });

  it("reads there and evaluates with what it holds; this thread gets the JSON's bytes only", async () => {
    const held = await worker.readMetrics(source.readPlan());
    expect(prometheus.queries).toBe(source.queriesPerRead);
    expect(held.status).toMatchObject({ name: 'prometheus', state: 'ok' });
    // shared memory: nothing copied when the message is received
    for (const chunk of held.texts!.chunks) {
      // received from another thread: of that realm's class, not this one's
      expect(Object.prototype.toString.call(chunk)).toBe(
        '[object SharedArrayBuffer]',
      );
    }
    const metrics: Record<string, MeshMetrics> = JSON.parse(
      [...textsIn(held.texts!, 0, countOf(held.texts!))].join(''),
    );
    expect(metrics['*'].flows.length).toBeGreaterThan(0);
    // the traffic changes the report: it was evaluated with the held metrics
    expect(reportWith(metrics['*'])).not.toEqual(reportWith(undefined));
    expect(await evaluateHeld(held.id)).toEqual(reportWith(metrics['*']));
  });

  it('fails an evaluation naming metrics it no longer holds, rather than evaluate without traffic', async () => {
    const held = await worker.readMetrics(source.readPlan());
    await worker.readMetrics(source.readPlan());
    await expect(evaluateHeld(held.id)).rejects.toThrow(
      /metrics read for this refresh are gone/,
    );
  });

  it('reports a failed read with the secrets cut out, and nothing to store', async () => {
    prometheus.failing = true;
    const held = await worker.readMetrics(source.readPlan());
    expect(held.status).toMatchObject({ name: 'prometheus', state: 'error' });
    expect(held.status!.message).toContain('HTTP 500');
    expect(held.texts).toBeUndefined();
    const said = JSON.stringify([held, warn.mock.calls]);
    expect(said).not.toContain(PASSWORD);
    expect(said).not.toContain(BASIC.slice('Basic '.length));
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('Prometheus read failed'),
    );
  });

  it('holds the metrics of a stored read handed over as its stored parts, decoded there', async () => {
    const json = JSON.stringify({ '*': demo.metrics });
    const parts = await Promise.all(sliceText(json, 1000).map(encodePayload));
    expect(parts.length).toBeGreaterThan(1);
    const kept = await worker.holdMetrics(parts);
    expect(await evaluateHeld(kept.id)).toEqual(reportWith(demo.metrics));
  });

  it('holds the metrics of a stored read', async () => {
    const kept = await worker.holdMetrics(
      JSON.stringify({ '*': demo.metrics }),
    );
    expect(await evaluateHeld(kept.id)).toEqual(reportWith(demo.metrics));
    const none = await worker.holdMetrics('{}');
    expect(await evaluateHeld(none.id)).toEqual(reportWith(undefined));
  });

  it('through a refresh: stores the read as JSON, and falls back to it, stale, when Prometheus fails', async () => {
    const first = await buildSnapshot({
      clusterSources: [demoCluster],
      metricsSource: source,
      evaluator: worker,
      now: DEMO_NOW,
    });
    // the worker's source tells time by the clock, not the test's
    expect(first.metrics).toMatchObject({
      readAt: NOW,
      status: { name: 'prometheus', state: 'ok' },
    });
    const { lastSuccessAt } = first.metrics!.status;
    expect(typeof lastSuccessAt).toBe('string');
    const stored = { metrics: JSON.parse(await first.metrics!.metricsJson()) };
    // what the store writes: the handed bytes, the same JSON
    expect(
      [...first.metrics!.metricsSlices!()]
        .map(slice => Buffer.from(slice).toString('utf8'))
        .join(''),
    ).toBe(await first.metrics!.metricsJson());
    expect(stored.metrics['*'].flows.length).toBeGreaterThan(0);
    const served = first.snapshot.clusters[0].report;

    prometheus.failing = true;
    const later = new Date(DEMO_NOW.getTime() + 300_000);
    const second = await buildSnapshot({
      clusterSources: [demoCluster],
      metricsSource: source,
      previousMetrics: first.metrics,
      evaluator: worker,
      now: later,
    });
    expect(second.metrics).toBeUndefined();
    expect(
      second.snapshot.sources.find(s => s.name === 'prometheus'),
    ).toMatchObject({ state: 'stale', lastSuccessAt });
    // the traffic of the last good read, not none
    expect(second.snapshot.clusters[0].report.workloads).toEqual(
      served.workloads,
    );

    // as the store hands them: the parts, never joined on this thread
    const storedParts = await Promise.all(
      sliceText(await first.metrics!.metricsJson(), 1000).map(encodePayload),
    );
    const fromParts = await buildSnapshot({
      clusterSources: [demoCluster],
      metricsSource: source,
      previousMetrics: {
        ...first.metrics!,
        metricsJson: () => Promise.reject(new Error('joined on this thread')),
        metricsParts: async () => storedParts,
      },
      evaluator: worker,
      now: later,
    });
    expect(
      fromParts.snapshot.sources.find(s => s.name === 'prometheus'),
    ).toMatchObject({ state: 'stale' });
    expect(fromParts.snapshot.clusters[0].report.workloads).toEqual(
      served.workloads,
    );

    const without = await buildSnapshot({
      clusterSources: [demoCluster],
      metricsSource: source,
      evaluator: worker,
      now: later,
    });
    expect(
      without.snapshot.sources.find(s => s.name === 'prometheus'),
    ).toMatchObject({ state: 'error' });
    expect(without.snapshot.clusters[0].report.workloads).not.toEqual(
      served.workloads,
    );
  });
});
