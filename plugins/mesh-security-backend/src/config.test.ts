import { ConfigReader } from '@backstage/config';
import { readEntityCacheTtlMs } from './config';

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
