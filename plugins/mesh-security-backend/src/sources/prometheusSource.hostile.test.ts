import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { buildSnapshot } from '../refresh/buildSnapshot';
import { PrometheusSource, PrometheusSourceOptions } from './prometheusSource';
import { Redactor } from './redact';

const URL_BASE = 'http://prometheus.test:9090';
const QUERY = `${URL_BASE}/api/v1/query`;
const NOW = new Date('2026-08-01T12:00:00Z');

const USER = 'mesh-reader';
const PASSWORD = 'p@ss/w"rd+1';
const ORG = 'tenant-7 value&x=1';
const TOKEN = 'tok.en-123';

/** Every spelling of a secret an echoing server might send back. */
function spellings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
  ];
}
const SECRETS = [USER, PASSWORD, `${USER}:${PASSWORD}`, ORG, TOKEN];

/** Everything a request carried, in every spelling: what a careless proxy echoes. */
function echo(request: Request): string {
  const headers = [...request.headers.entries()]
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const decoded = Buffer.from(
    (request.headers.get('authorization') ?? '').replace(/^Basic /, ''),
    'base64',
  ).toString();
  const raw = `${headers}; credentials ${decoded}; org ${request.headers.get(
    'x-scope-orgid',
  )}; token ${request.headers.get('x-token')}`;
  return [raw, encodeURIComponent(raw), JSON.stringify(raw)].join(' | ');
}

/** A vector answer with `n` flow series. */
function flows(n: number) {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: Array.from({ length: n }, (_, i) => ({
        metric: {
          reporter: 'destination',
          source_workload_namespace: 'a',
          source_workload: `w${i}`,
          destination_workload_namespace: 'b',
          destination_workload: 'y',
        },
        value: [NOW.getTime() / 1000, '1'],
      })),
    },
  };
}

describe('PrometheusSource against a hostile Prometheus', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const create = (options: Partial<PrometheusSourceOptions> = {}) =>
    new PrometheusSource({ url: URL_BASE, clock: () => NOW, ...options });

  describe('echoed credentials', () => {
    const logger = mockServices.logger.mock();
    const secretSource = () =>
      create({
        basicAuth: { username: USER, password: PASSWORD },
        headers: { 'X-Scope-OrgID': ORG, 'X-Token': TOKEN },
        logger,
      });

    beforeEach(() => jest.clearAllMocks());

    /** Status texts and log lines: everything a reader or an operator sees. */
    function shown(status: object): string[] {
      const logged = [
        logger.error,
        logger.warn,
        logger.info,
        logger.debug,
      ].flatMap(fn => fn.mock.calls.flat().map(String));
      return [
        JSON.stringify(status),
        ...Object.values(status).flat().map(String),
        ...logged,
      ];
    }

    function expectNoSecret(texts: string[]) {
      for (const text of texts) {
        for (const secret of SECRETS) {
          for (const spelling of spellings(secret)) {
            expect(text).not.toContain(spelling);
          }
        }
      }
    }

    it('keeps them out of the error status and the log when the error text repeats the request', async () => {
      server.use(
        http.post(QUERY, ({ request }) =>
          HttpResponse.json(
            {
              status: 'error',
              errorType: 'bad_data',
              error: `rejected request with ${echo(request)}`,
            },
            { status: 400 },
          ),
        ),
      );
      const read = await secretSource().read();
      expect(read.status.state).toBe('error');
      expect(read.status.message).toMatch(
        /^Prometheus query \w+: HTTP 400 bad_data: rejected request with /,
      );
      expect(read.status.message).toContain('<redacted>');
      expect(logger.warn).toHaveBeenCalled();
      expectNoSecret(shown(read.status));
    });

    it('keeps them out of warnings that repeat the request', async () => {
      server.use(
        http.post(QUERY, ({ request }) =>
          HttpResponse.json({
            status: 'success',
            warnings: [`store saw ${echo(request)}`],
            data: { resultType: 'vector', result: [] },
          }),
        ),
      );
      const read = await secretSource().read();
      expect(read.status.state).toBe('ok');
      expect(read.status.warnings).toHaveLength(1);
      expect(read.status.warnings![0]).toMatch(/^store saw .*<redacted>/);
      expectNoSecret(shown(read.status));
    });

    it('uses the shared redactor for secrets configured elsewhere', async () => {
      server.use(
        http.post(QUERY, () =>
          HttpResponse.json(
            { status: 'error', error: 'k8s token sa-T0KEN leaked' },
            { status: 500 },
          ),
        ),
      );
      const read = await create({
        redactor: Redactor.create({ tokens: ['sa-T0KEN'] }),
      }).read();
      expect(read.status.message).toContain('k8s token <redacted> leaked');
    });
  });

  describe('size limits', () => {
    it('stops reading an answer larger than maxResponseBytes and reports it', async () => {
      let sent = 0;
      const chunk = new TextEncoder().encode(`${' '.repeat(64 * 1024 - 1)}[`);
      server.use(
        http.post(QUERY, () => {
          let own = 0;
          return new HttpResponse(
            // 16 MiB per query, produced only as it is read
            new ReadableStream({
              pull(controller) {
                if (own >= 16 * 1024 * 1024) {
                  controller.close();
                  return;
                }
                own += chunk.byteLength;
                sent += chunk.byteLength;
                controller.enqueue(chunk);
              },
            }),
            { headers: { 'Content-Type': 'application/json' } },
          );
        }),
      );
      const read = await create({ maxResponseBytes: 1024 * 1024 }).read();
      expect(read.status.state).toBe('error');
      expect(read.status.message).toMatch(
        /^Prometheus query \w+: the answer is larger than 1048576 bytes \(meshSecurity\.prometheus\.maxResponseBytes\)/,
      );
      expect(read.metrics).toEqual({});
      // six queries, each stopped a few chunks past the limit
      expect(sent).toBeLessThan(6 * (1024 * 1024 + 16 * chunk.byteLength));
    });

    it('refuses an answer whose Content-Length is over the limit without reading it', async () => {
      const body = JSON.stringify(flows(50));
      server.use(
        http.post(
          QUERY,
          () =>
            new HttpResponse(body, {
              headers: {
                'Content-Type': 'application/json',
                'Content-Length': String(Buffer.byteLength(body)),
              },
            }),
        ),
      );
      const read = await create({ maxResponseBytes: 1000 }).read();
      expect(read.status.state).toBe('error');
      expect(read.status.message).toMatch(/larger than 1000 bytes/);
    });

    it('refuses more series than maxSeries per query', async () => {
      server.use(http.post(QUERY, () => HttpResponse.json(flows(101))));
      const read = await create({ maxSeries: 100 }).read();
      expect(read.status.state).toBe('error');
      expect(read.status.message).toMatch(
        /^Prometheus query \w+: 101 series, more than the 100 allowed \(meshSecurity\.prometheus\.maxSeries\)/,
      );

      server.use(http.post(QUERY, () => HttpResponse.json(flows(100))));
      expect((await create({ maxSeries: 100 }).read()).status.state).toBe('ok');
    });

    it('refuses limits that are not positive whole numbers', () => {
      expect(() => create({ maxSeries: 0 })).toThrow(/maxSeries/);
      expect(() => create({ maxResponseBytes: 1.5 })).toThrow(
        /maxResponseBytes/,
      );
    });

    it('keeps the last good metrics, marked stale, when an answer is too large', async () => {
      const source = create({ maxSeries: 10 });
      server.use(http.post(QUERY, () => HttpResponse.json(flows(3))));
      const first = await buildSnapshot({
        clusterSources: [],
        metricsSource: source,
        evaluate: jest.fn(),
        now: NOW,
      });
      expect(first.metrics?.status.state).toBe('ok');

      server.use(http.post(QUERY, () => HttpResponse.json(flows(11))));
      const later = new Date(NOW.getTime() + 300_000);
      const second = await buildSnapshot({
        clusterSources: [],
        metricsSource: source,
        previousMetrics: first.metrics,
        evaluate: jest.fn(),
        now: later,
      });
      expect(second.metrics).toBeUndefined(); // nothing new to store
      const [status] = second.snapshot.sources;
      expect(status).toMatchObject({
        name: 'prometheus',
        state: 'stale',
        lastSuccessAt: NOW.toISOString(),
      });
      expect(status.message).toMatch(/11 series, more than the 10 allowed/);
    });
  });
});
