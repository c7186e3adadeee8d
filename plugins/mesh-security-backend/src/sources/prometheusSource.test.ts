/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectCleanError"] }] */
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MeshQueryName } from './meshQueries';
import { PrometheusSource, PrometheusSourceOptions } from './prometheusSource';

const URL_BASE = 'http://prometheus.test:9090/prom';
const NOW = new Date('2026-08-01T12:00:00Z');

type Row = { metric: Record<string, string>; value: string };

const edge = (
  reporter: string,
  src: string,
  dst: string,
  extra: Record<string, string> = {},
) => {
  const [sns, swl] = src.split('/');
  const [dns, dwl] = dst.split('/');
  return {
    reporter,
    source_workload_namespace: sns,
    source_workload: swl,
    destination_workload_namespace: dns,
    destination_workload: dwl,
    ...extra,
  };
};

describe('PrometheusSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let requests: Array<{ query: string; headers: Headers; url: string }>;

  /** Answers each query of `source` with the rows given for its name (empty vector otherwise). */
  function serve(
    source: PrometheusSource,
    rows: Partial<Record<MeshQueryName, Row[]>>,
  ) {
    const byQuery = new Map(
      Object.entries(source.promql).map(([name, q]) => [
        q,
        rows[name as MeshQueryName] ?? [],
      ]),
    );
    server.use(
      http.post(`${URL_BASE}/api/v1/query`, async ({ request }) => {
        const query =
          new URLSearchParams(await request.text()).get('query') ?? '';
        requests.push({ query, headers: request.headers, url: request.url });
        const result = byQuery.get(query);
        if (!result) {
          return HttpResponse.json(
            {
              status: 'error',
              errorType: 'bad_data',
              error: `unexpected query ${query}`,
            },
            { status: 400 },
          );
        }
        return HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'vector',
            result: result.map(r => ({
              metric: r.metric,
              value: [NOW.getTime() / 1000, r.value],
            })),
          },
        });
      }),
    );
  }

  const create = (options: Partial<PrometheusSourceOptions> = {}) =>
    new PrometheusSource({ url: URL_BASE, clock: () => NOW, ...options });

  beforeEach(() => {
    requests = [];
  });

  it('builds the documented aggregate PromQL', () => {
    const q = create().promql;
    const W =
      'source_workload_namespace,source_workload,destination_workload_namespace,destination_workload';
    expect(q.httpFlows).toBe(
      `sum by (reporter,${W},destination_service,request_protocol,connection_security_policy,response_code) ` +
        '(rate(istio_requests_total{reporter=~"source|destination"}[5m])) > 0',
    );
    expect(q.tcpFlows).toBe(
      `sum by (reporter,${W},destination_service,connection_security_policy) ` +
        '(rate(istio_tcp_connections_opened_total{reporter=~"source|destination"}[5m])) > 0',
    );
    const dstBuckets =
      'sum by (le,destination_workload_namespace,destination_workload) ' +
      '(rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[5m]))';
    expect(q.workloadLatency).toBe(
      `(label_replace(histogram_quantile(0.5, ${dstBuckets}), "ms_quantile", "p50", "", "")) or ` +
        `(label_replace(histogram_quantile(0.99, ${dstBuckets}), "ms_quantile", "p99", "", ""))`,
    );
    expect(q.edgeLatency).toContain(
      `sum by (le,reporter,${W}) (rate(istio_request_duration_milliseconds_bucket{reporter=~"source|destination"}[5m]))`,
    );
    expect(q.httpIdentities).toBe(
      'sum by (destination_workload_namespace,destination_workload,source_principal,source_workload_namespace,source_workload,connection_security_policy) ' +
        '(increase(istio_requests_total{reporter="destination"}[24h])) > 0',
    );
    expect(q.tcpIdentities).toContain(
      '(increase(istio_tcp_connections_opened_total{reporter="destination"}[24h])) > 0',
    );
  });

  it('escapes configured label values in every query and validates names and windows', () => {
    const q = create({
      extraSelector: { mesh_id: 'a"b\\c\nd' },
      rateWindow: '2m',
      longWindow: '7d',
    }).promql;
    for (const query of Object.values(q)) {
      expect(query).toContain('mesh_id="a\\"b\\\\c\\nd"');
      expect(query).not.toContain('\n');
    }
    expect(q.httpFlows).toContain('[2m]');
    expect(q.httpIdentities).toContain('[7d]');

    expect(() => create({ extraSelector: { 'bad-label': 'x' } })).toThrow(
      /label name 'bad-label'/,
    );
    expect(() => create({ extraSelector: { reporter: 'source' } })).toThrow(
      /may not set 'reporter'/,
    );
    expect(() => create({ rateWindow: '5m]) or vector(1' })).toThrow(
      /Invalid Prometheus range window/,
    );
    expect(() => create({ longWindow: '1h30m' })).toThrow(/range window/);
    expect(() => create({ clusterLabel: 'cluster"' })).toThrow(/label name/);
    expect(() => create({ url: 'http://user:secret@prom:9090' })).toThrow(
      /must not contain credentials/,
    );
    expect(() => create({ url: 'file:///etc/passwd' })).toThrow(
      /http or https/,
    );
  });

  it('sends a constant number of queries per read, whatever the size of the mesh', async () => {
    const small = create();
    expect(small.queriesPerRead).toBe(6);
    serve(small, {
      httpFlows: [{ metric: edge('destination', 'a/x', 'b/y'), value: '1' }],
    });
    await small.read();
    expect(requests).toHaveLength(6);

    requests = [];
    const large = create();
    serve(large, {
      httpFlows: Array.from({ length: 2000 }, (_, i) => ({
        metric: edge('destination', `ns${i}/w${i}`, 'b/y', {
          response_code: '200',
        }),
        value: '1',
      })),
    });
    const read = await large.read();
    expect(requests).toHaveLength(large.queriesPerRead);
    expect(read.metrics['*'].flows).toHaveLength(2000);
  });

  it('turns instant vectors into MeshMetrics', async () => {
    const source = create();
    serve(source, {
      httpFlows: [
        {
          metric: {
            ...edge('destination', 'shop/order', 'payments/payment'),
            destination_service: 'payment.payments.svc.cluster.local',
            request_protocol: 'http',
            connection_security_policy: 'mutual_tls',
            response_code: '200',
          },
          value: '997',
        },
        {
          metric: {
            ...edge('destination', 'shop/order', 'payments/payment'),
            destination_service: 'payment.payments.svc.cluster.local',
            request_protocol: 'http',
            connection_security_policy: 'mutual_tls',
            response_code: '503',
          },
          value: '3',
        },
        {
          metric: {
            ...edge('source', 'shop/order', 'legacy/legacy'),
            destination_service: 'legacy.legacy.svc.cluster.local',
            request_protocol: 'http',
            connection_security_policy: 'unknown',
            response_code: '500',
          },
          value: '3.5',
        },
        {
          metric: {
            ...edge('source', 'shop/order', 'legacy/legacy'),
            destination_service: 'legacy.legacy.svc.cluster.local',
            request_protocol: 'http',
            connection_security_policy: 'unknown',
            response_code: '200',
          },
          value: '196.5',
        },
        {
          metric: {
            ...edge('destination', 'unknown/unknown', 'edge/gw'),
            destination_service: 'unknown',
            request_protocol: 'grpc',
            connection_security_policy: 'none',
            response_code: '200',
          },
          value: '2',
        },
      ],
      tcpFlows: [
        {
          metric: {
            ...edge('destination', 'shop/order', 'data/db'),
            destination_service: 'db.data.svc.cluster.local',
            connection_security_policy: 'mutual_tls',
          },
          value: '0.5',
        },
      ],
      edgeLatency: [
        {
          metric: {
            ...edge('destination', 'shop/order', 'payments/payment'),
            ms_quantile: 'p50',
          },
          value: '20',
        },
        {
          metric: {
            ...edge('destination', 'shop/order', 'payments/payment'),
            ms_quantile: 'p99',
          },
          value: '200',
        },
        {
          metric: {
            ...edge('source', 'shop/order', 'legacy/legacy'),
            ms_quantile: 'p50',
          },
          value: 'NaN',
        },
        {
          metric: {
            ...edge('source', 'shop/order', 'legacy/legacy'),
            ms_quantile: 'p99',
          },
          value: '+Inf',
        },
        {
          metric: { ...edge('source', 'x/idle', 'y/idle'), ms_quantile: 'p50' },
          value: 'NaN',
        },
      ],
      workloadLatency: [
        {
          metric: {
            destination_workload_namespace: 'payments',
            destination_workload: 'payment',
            ms_quantile: 'p99',
          },
          value: '180',
        },
        {
          metric: {
            destination_workload_namespace: 'payments',
            destination_workload: 'payment',
            ms_quantile: 'p50',
          },
          value: '19.5',
        },
      ],
      httpIdentities: [
        {
          metric: {
            destination_workload_namespace: 'edge',
            destination_workload: 'gw',
            source_principal: 'spiffe://cluster.local/ns/tools/sa/retool',
            source_workload_namespace: 'tools',
            source_workload: 'retool',
            connection_security_policy: 'mutual_tls',
          },
          value: '1036800',
        },
      ],
      tcpIdentities: [
        {
          metric: {
            destination_workload_namespace: 'edge',
            destination_workload: 'gw',
            source_principal: 'spiffe://cluster.local/ns/tools/sa/retool',
            source_workload_namespace: 'tools',
            source_workload: 'retool',
            connection_security_policy: 'mutual_tls',
          },
          value: '200',
        },
        {
          metric: {
            destination_workload_namespace: 'comms',
            destination_workload: 'notify',
            source_principal: 'unknown',
            source_workload_namespace: 'unknown',
            source_workload: 'unknown',
            connection_security_policy: 'none',
          },
          value: '12',
        },
      ],
    });

    const read = await source.read();
    expect(read.status).toEqual({
      name: 'prometheus',
      kind: 'prometheus',
      state: 'ok',
      lastSuccessAt: NOW.toISOString(),
    });
    expect(Object.keys(read.metrics)).toEqual(['*']);
    expect(read.metrics['*']).toEqual({
      collectedAt: NOW.toISOString(),
      window: '5m',
      longWindow: '24h',
      flows: [
        {
          reporter: 'destination',
          sourceNamespace: 'shop',
          sourceWorkload: 'order',
          destinationNamespace: 'payments',
          destinationWorkload: 'payment',
          destinationService: 'payment.payments.svc.cluster.local',
          protocol: 'http',
          security: 'mutual_tls',
          rate: 1000,
          errorRate: 3,
        },
        {
          reporter: 'source',
          sourceNamespace: 'shop',
          sourceWorkload: 'order',
          destinationNamespace: 'legacy',
          destinationWorkload: 'legacy',
          destinationService: 'legacy.legacy.svc.cluster.local',
          protocol: 'http',
          security: 'unknown',
          rate: 200,
          errorRate: 3.5,
        },
        {
          reporter: 'destination',
          sourceNamespace: 'unknown',
          sourceWorkload: 'unknown',
          destinationNamespace: 'edge',
          destinationWorkload: 'gw',
          protocol: 'grpc',
          security: 'none',
          rate: 2,
          errorRate: 0,
        },
        {
          reporter: 'destination',
          sourceNamespace: 'shop',
          sourceWorkload: 'order',
          destinationNamespace: 'data',
          destinationWorkload: 'db',
          destinationService: 'db.data.svc.cluster.local',
          protocol: 'tcp',
          security: 'mutual_tls',
          rate: 0.5,
          errorRate: 0,
        },
      ],
      latencies: [
        {
          reporter: 'destination',
          sourceNamespace: 'shop',
          sourceWorkload: 'order',
          destinationNamespace: 'payments',
          destinationWorkload: 'payment',
          p50Ms: 20,
          p99Ms: 200,
        },
        {
          reporter: 'destination',
          destinationNamespace: 'payments',
          destinationWorkload: 'payment',
          p50Ms: 19.5,
          p99Ms: 180,
        },
      ],
      identities: [
        {
          destinationNamespace: 'edge',
          destinationWorkload: 'gw',
          sourcePrincipal: 'spiffe://cluster.local/ns/tools/sa/retool',
          sourceNamespace: 'tools',
          sourceWorkload: 'retool',
          security: 'mutual_tls',
          count: 1037000,
        },
        {
          destinationNamespace: 'comms',
          destinationWorkload: 'notify',
          sourcePrincipal: 'unknown',
          sourceNamespace: 'unknown',
          sourceWorkload: 'unknown',
          security: 'none',
          count: 12,
        },
      ],
    });
  });

  it('returns an empty mesh, not an error, when Prometheus has no Istio series', async () => {
    const source = create();
    serve(source, {});
    const read = await source.read();
    expect(read.status.state).toBe('ok');
    expect(read.metrics).toEqual({
      '*': {
        collectedAt: NOW.toISOString(),
        window: '5m',
        longWindow: '24h',
        flows: [],
        latencies: [],
        identities: [],
      },
    });
  });

  it('keys metrics by a configured cluster label', async () => {
    const source = create({ clusterLabel: 'cluster' });
    expect(source.promql.httpFlows).toMatch(/^sum by \(cluster,reporter,/);
    expect(source.promql.workloadLatency).toContain(
      'sum by (cluster,le,destination_workload_namespace',
    );
    serve(source, {
      httpFlows: [
        {
          metric: {
            ...edge('destination', 'a/x', 'b/y'),
            cluster: 'prod-eu',
            response_code: '200',
          },
          value: '1',
        },
        {
          metric: {
            ...edge('destination', 'a/x', 'b/y'),
            cluster: 'prod-us',
            response_code: '200',
          },
          value: '2',
        },
        {
          metric: {
            ...edge('destination', 'a/x', 'b/y'),
            response_code: '200',
          },
          value: '3',
        },
      ],
    });
    const { metrics } = await source.read();
    expect(Object.keys(metrics).sort()).toEqual(['*', 'prod-eu', 'prod-us']);
    expect(metrics['prod-us'].flows.map(f => f.rate)).toEqual([2]);
    expect(metrics['*'].flows.map(f => f.rate)).toEqual([3]);
  });

  it('sends basic auth and configured headers to the prefixed query endpoint', async () => {
    const source = new PrometheusSource({
      url: URL_BASE,
      headers: { 'X-Scope-OrgID': 'mesh' },
      basicAuth: { username: 'reader', password: 's3cret' },
      extraSelector: { mesh_id: 'prod' },
      timeoutMs: 2000,
    });
    serve(source, {});
    await source.read();
    expect(requests).toHaveLength(6);
    for (const r of requests) {
      expect(r.url).toBe(`${URL_BASE}/api/v1/query`);
      expect(r.headers.get('authorization')).toBe(
        `Basic ${Buffer.from('reader:s3cret').toString('base64')}`,
      );
      expect(r.headers.get('x-scope-orgid')).toBe('mesh');
      expect(r.query).toContain('mesh_id="prod"');
    }
  });

  describe('errors', () => {
    const secretSource = () =>
      create({
        basicAuth: { username: 'reader', password: 's3cret' },
        headers: { 'X-Token': 'tok3n' },
        timeoutMs: 200,
      });

    const expectCleanError = (
      read: Awaited<ReturnType<PrometheusSource['read']>>,
      message: RegExp,
    ) => {
      expect(read.metrics).toEqual({});
      expect(read.status.state).toBe('error');
      expect(read.status.message).toMatch(message);
      expect(JSON.stringify(read.status)).not.toMatch(/s3cret|tok3n|cmVhZGVy/);
    };

    it('reports an HTTP error with the Prometheus error text', async () => {
      server.use(
        http.post(`${URL_BASE}/api/v1/query`, () =>
          HttpResponse.json(
            {
              status: 'error',
              errorType: 'execution',
              error: 'query timed out in expression evaluation',
            },
            { status: 503 },
          ),
        ),
      );
      expectCleanError(
        await secretSource().read(),
        /^Prometheus query \w+: HTTP 503 execution: query timed out/,
      );
    });

    it('reports samples the engine would refuse, e.g. a negative latency', async () => {
      const source = create();
      serve(source, {
        workloadLatency: [
          {
            metric: {
              destination_workload_namespace: 'payments',
              destination_workload: 'payment',
              ms_quantile: 'p50',
            },
            value: '-3',
          },
        ],
      });
      const read = await source.read();
      expect(read.status.state).toBe('error');
      expect(read.status.message).toMatch(
        /^Prometheus answered unusable metrics for cluster \*: .*latencies\[0\]\.p50Ms/,
      );
      expect(read.metrics).toEqual({});
    });

    it('reports a non-JSON answer', async () => {
      server.use(
        http.post(
          `${URL_BASE}/api/v1/query`,
          () => new HttpResponse('<html>login</html>', { status: 200 }),
        ),
      );
      expectCleanError(
        await secretSource().read(),
        /HTTP 200: response is not JSON/,
      );
    });

    it('reports a non-vector result', async () => {
      server.use(
        http.post(`${URL_BASE}/api/v1/query`, () =>
          HttpResponse.json({
            status: 'success',
            data: { resultType: 'matrix', result: [] },
          }),
        ),
      );
      expectCleanError(
        await secretSource().read(),
        /expected an instant vector, got matrix/,
      );
    });

    it('times out', async () => {
      server.use(
        http.post(`${URL_BASE}/api/v1/query`, async () => {
          await delay(2000);
          return HttpResponse.json({
            status: 'success',
            data: { resultType: 'vector', result: [] },
          });
        }),
      );
      expectCleanError(await secretSource().read(), /timed out after 200 ms/);
    });

    it('reports a network failure and keeps the last success time', async () => {
      const source = secretSource();
      serve(source, {});
      expect((await source.read()).status.state).toBe('ok');
      server.use(
        http.post(`${URL_BASE}/api/v1/query`, () => HttpResponse.error()),
      );
      const read = await source.read();
      expectCleanError(read, /^Prometheus query \w+: /);
      expect(read.status.lastSuccessAt).toBe(NOW.toISOString());
    });

    it('passes Prometheus warnings on without failing', async () => {
      server.use(
        http.post(`${URL_BASE}/api/v1/query`, () =>
          HttpResponse.json({
            status: 'success',
            warnings: ['partial response: store unavailable'],
            data: { resultType: 'vector', result: [] },
          }),
        ),
      );
      const read = await create().read();
      expect(read.status.state).toBe('ok');
      expect(read.status.warnings).toEqual([
        'partial response: store unavailable',
      ]);
    });
  });
});
