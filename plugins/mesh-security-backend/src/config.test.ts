import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createSources, readEntityCacheTtlMs } from './config';

const ttl = (entityCacheTtl: unknown) =>
  readEntityCacheTtlMs(
    new ConfigReader(
      entityCacheTtl === undefined ? {} : { meshSecurity: { entityCacheTtl } },
    ),
  );

describe('readEntityCacheTtlMs', () => {
  it('defaults to 30 seconds', () => {
    expect(ttl(undefined)).toBe(30_000);
  });

  it.each([
    [{ seconds: 10 }, 10_000],
    [{ minutes: 1, seconds: 5 }, 65_000],
    ['10s', 10_000],
    ['PT2M', 120_000],
    [2500, 2500],
  ])('reads %j', (value, ms) => {
    expect(ttl(value)).toBe(ms);
  });

  it.each([0, -1, { seconds: 0 }])(
    'rejects %j: a zero TTL may mean "forever" to a cache store',
    value => {
      expect(() => ttl(value)).toThrow(/meshSecurity.entityCacheTtl/);
    },
  );

  it('rejects units too long for a cache TTL', () => {
    expect(() => ttl({ months: 1 })).toThrow(
      /meshSecurity.entityCacheTtl: 'months' is too long/,
    );
  });
});

describe('createSources: Prometheus limits and secrets', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const sources = (prometheus: object) =>
    createSources(new ConfigReader({ meshSecurity: { prometheus } }), {
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      logger: mockServices.logger.mock(),
    });

  it('passes maxSeries and maxResponseBytes to the Prometheus source', async () => {
    const series = (n: number) =>
      HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'vector',
          result: Array.from({ length: n }, (_, i) => ({
            metric: { destination_workload: `w${i}` },
            value: [0, '1'],
          })),
        },
      });
    server.use(http.post('http://prom.test/api/v1/query', () => series(3)));
    const few = sources({ url: 'http://prom.test', maxSeries: 2 });
    expect((await few.metricsSource!.read()).status.message).toMatch(
      /3 series, more than the 2 allowed \(meshSecurity\.prometheus\.maxSeries\)/,
    );
    const small = sources({ url: 'http://prom.test', maxResponseBytes: 100 });
    expect((await small.metricsSource!.read()).status.message).toMatch(
      /larger than 100 bytes \(meshSecurity\.prometheus\.maxResponseBytes\)/,
    );
    const defaults = sources({ url: 'http://prom.test' });
    expect((await defaults.metricsSource!.read()).status.state).toBe('ok');
  });

  it('returns one redactor that knows every configured secret', () => {
    const { redactor } = sources({
      url: 'http://prom.test',
      headers: { 'X-Scope-OrgID': 'tenant-42' },
      basicAuth: { username: 'reader', password: 's3cret' },
    });
    expect(
      redactor.redact(
        `tenant-42 reader s3cret ${Buffer.from('reader:s3cret').toString(
          'base64',
        )}`,
      ),
    ).toBe('<redacted> <redacted> <redacted> <redacted>');
  });
});
