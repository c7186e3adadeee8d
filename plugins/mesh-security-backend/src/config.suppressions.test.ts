import { ConfigReader } from '@backstage/config';
import { readEngineOptions } from './config';

const read = (suppressions?: unknown) =>
  readEngineOptions(
    new ConfigReader(
      suppressions === undefined ? {} : { meshSecurity: { suppressions } },
    ),
  );

describe('readEngineOptions: meshSecurity.suppressions', () => {
  it('passes validated entries to the engine', () => {
    expect(
      read([
        {
          rule: 'mtls-permissive',
          subject: 'comms/*',
          reason: ' migrating ',
          until: '2026-12-31',
        },
      ]).suppressions,
    ).toEqual([
      {
        rule: 'mtls-permissive',
        subject: 'comms/*',
        reason: 'migrating',
        until: '2026-12-31',
      },
    ]);
  });

  it('passes none when the key is absent or empty', () => {
    expect(read().suppressions).toBeUndefined();
    expect(read([]).suppressions).toBeUndefined();
  });

  it('names the key and the index of a malformed entry', () => {
    expect(() =>
      read([
        { rule: 'mtls-permissive', subject: 'comms/*', reason: 'r' },
        { rule: 'mtls-permissive', subject: 'comms/*' },
      ]),
    ).toThrow('meshSecurity.suppressions[1]: reason is missing');
    expect(() =>
      read([{ rule: 'strict', subject: 'comms/*', reason: 'r' }]),
    ).toThrow('meshSecurity.suppressions[0]: unknown rule "strict"');
  });
});
