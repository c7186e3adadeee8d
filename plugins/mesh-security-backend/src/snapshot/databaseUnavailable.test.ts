import { isDatabaseUnavailable } from './databaseUnavailable';

const withCode = (message: string, code: string) =>
  Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'refused',
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    ],
    [
      'shutting down',
      withCode('the database system is shutting down', '57P03'),
    ],
    [
      'terminated',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['no route', withCode('connect EHOSTUNREACH', 'EHOSTUNREACH')],
    ['too many clients', withCode('sorry, too many clients already', '53300')],
    ['connection lost', new Error('Connection terminated unexpectedly')],
    [
      'pool timeout',
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
        name: 'KnexTimeoutError',
      }),
    ],
    [
      'closed database',
      withCode('database "x" is not currently accepting connections', '55000'),
    ],
    [
      'wrapped',
      new Error('refresh failed', {
        cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED'),
      }),
    ],
  ])('%s: unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a wrong query', withCode('relation "x" does not exist', '42P01')],
    [
      'a unique key',
      withCode('duplicate key value violates unique constraint', '23505'),
    ],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s: not unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
