import { RULE_CATALOG } from '@mesh-security/plugin-mesh-security-common';
import { parseSuppressions } from './parseSuppressions';
import { SuppressionError } from './SuppressionError';

const ORIGIN = 'meshSecurity.suppressions';
const valid = {
  rule: 'mtls-permissive',
  subject: 'shop/*',
  reason: 'migrating to STRICT in Q3',
};

function errorOf(value: unknown): SuppressionError {
  try {
    parseSuppressions(value, ORIGIN);
  } catch (error) {
    if (error instanceof SuppressionError) return error;
    throw error;
  }
  throw new Error('expected a SuppressionError');
}

describe('parseSuppressions', () => {
  it('reads entries, trimming text and keeping until as written', () => {
    expect(
      parseSuppressions(
        [
          valid,
          {
            rule: '*',
            subject: '/legacy',
            reason: ' accepted risk ',
            until: '2026-12-31',
          },
          {
            rule: 'authz-allow-all',
            subject: 'tools/open',
            reason: 'internal tool',
            until: '2026-12-31T18:00:00+02:00',
          },
        ],
        ORIGIN,
      ),
    ).toEqual([
      valid,
      {
        rule: '*',
        subject: '/legacy',
        reason: 'accepted risk',
        until: '2026-12-31',
      },
      {
        rule: 'authz-allow-all',
        subject: 'tools/open',
        reason: 'internal tool',
        until: '2026-12-31T18:00:00+02:00',
      },
    ]);
  });

  it('accepts every rule id of the catalog', () => {
    const entries = Object.keys(RULE_CATALOG).map(rule => ({
      ...valid,
      rule,
    }));
    expect(parseSuppressions(entries, ORIGIN)).toHaveLength(entries.length);
  });

  it('reads an absent list as no entries', () => {
    expect(parseSuppressions(undefined, ORIGIN)).toEqual([]);
    expect(parseSuppressions(null, ORIGIN)).toEqual([]);
  });

  it.each([
    ['a mapping instead of a list', { rule: 'x' }, /must be a list of/],
    ['a string instead of a list', 'mtls-permissive', /found a string/],
  ])('rejects %s, naming the key', (_, value, message) => {
    const error = errorOf(value);
    expect(error.message).toMatch(new RegExp(`^${ORIGIN}: `));
    expect(error.message).toMatch(message);
    expect(error.index).toBeUndefined();
  });

  it.each<[string, unknown, string | undefined, RegExp]>([
    [
      'an entry that is not a mapping',
      'mtls-permissive',
      undefined,
      /each entry must be a mapping/,
    ],
    ['an entry that is a list', [valid], undefined, /found a list/],
    [
      'an unknown rule id',
      { ...valid, rule: 'mtls-permisive' },
      'rule',
      /unknown rule "mtls-permisive"/,
    ],
    [
      'a rule id in another case',
      { ...valid, rule: 'MTLS-PERMISSIVE' },
      'rule',
      /unknown rule/,
    ],
    [
      'a missing rule',
      { subject: 'shop/web', reason: 'r' },
      'rule',
      /rule is missing/,
    ],
    [
      'a numeric rule',
      { ...valid, rule: 42 },
      'rule',
      /rule must be a string, found a number/,
    ],
    [
      'a missing subject',
      { rule: 'mtls-permissive', reason: 'r' },
      'subject',
      /subject is missing/,
    ],
    [
      'a subject without a slash',
      { ...valid, subject: 'web' },
      'subject',
      /must be "namespace\/name"/,
    ],
    [
      'a subject with two slashes',
      { ...valid, subject: 'a/b/c' },
      'subject',
      /must be "namespace\/name"/,
    ],
    [
      'a subject without a name',
      { ...valid, subject: 'shop/' },
      'subject',
      /must be "namespace\/name"/,
    ],
    [
      'a subject with "**"',
      { ...valid, subject: '**/web' },
      'subject',
      /"\*\*" is not a wildcard/,
    ],
    [
      'a subject with "?"',
      { ...valid, subject: 'shop/web-?' },
      'subject',
      /only lowercase letters/,
    ],
    [
      'a subject with a character class',
      { ...valid, subject: 'shop/[ab]*' },
      'subject',
      /only lowercase letters/,
    ],
    [
      'an upper-case subject',
      { ...valid, subject: 'Shop/web' },
      'subject',
      /only lowercase letters/,
    ],
    [
      'a missing reason',
      { rule: 'mtls-permissive', subject: 'shop/web' },
      'reason',
      /reason is missing/,
    ],
    [
      'an empty reason',
      { ...valid, reason: '   ' },
      'reason',
      /reason is empty/,
    ],
    [
      'a date that does not exist',
      { ...valid, until: '2026-02-30' },
      'until',
      /until "2026-02-30" is not a real date/,
    ],
    [
      'a month 13',
      { ...valid, until: '2026-13-01' },
      'until',
      /is not a real date/,
    ],
    [
      'a date in another format',
      { ...valid, until: '31/12/2026' },
      'until',
      /is not a date \(YYYY-MM-DD\) or a timestamp/,
    ],
    [
      'a timestamp without a zone',
      { ...valid, until: '2026-12-31T18:00:00' },
      'until',
      /with a time zone/,
    ],
    [
      'an hour 25',
      { ...valid, until: '2026-12-31T25:00:00Z' },
      'until',
      /is not a real date and time/,
    ],
    [
      'a numeric until',
      { ...valid, until: 20261231 },
      'until',
      /until must be a string, found a number/,
    ],
    [
      'a misspelt until',
      { ...valid, untill: '2026-12-31' },
      'untill',
      /unknown field "untill"/,
    ],
  ])('rejects %s, naming the key and index', (_, entry, field, message) => {
    const error = errorOf([valid, entry]);
    expect(error.message).toMatch(new RegExp(`^${ORIGIN}\\[1\\]: `));
    expect(error.message).toMatch(message);
    expect(error.index).toBe(1);
    expect(error.field).toBe(field);
  });
});
