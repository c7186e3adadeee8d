import { parseSuppressionsFile } from './parseSuppressionsFile';
import { SuppressionError } from './SuppressionError';

const FILE = 'suppressions.yaml';

function failure(text: string): SuppressionError {
  try {
    parseSuppressionsFile(text, FILE);
  } catch (error) {
    if (error instanceof SuppressionError) return error;
    throw error;
  }
  throw new Error('expected a SuppressionError');
}

describe('parseSuppressionsFile', () => {
  it('reads a YAML list, dates as strings', () => {
    const text = [
      '# accepted on purpose',
      '- rule: mtls-permissive',
      '  subject: shop/*',
      '  reason: migrating',
      '  until: 2026-12-31',
      '',
    ].join('\n');
    expect(parseSuppressionsFile(text, FILE)).toEqual([
      {
        rule: 'mtls-permissive',
        subject: 'shop/*',
        reason: 'migrating',
        until: '2026-12-31',
      },
    ]);
  });

  it('reads JSON too', () => {
    expect(
      parseSuppressionsFile(
        '[{"rule": "*", "subject": "/legacy", "reason": "retired"}]',
        FILE,
      ),
    ).toEqual([{ rule: '*', subject: '/legacy', reason: 'retired' }]);
  });

  it('reads an empty or comment-only file as no entries', () => {
    expect(parseSuppressionsFile('', FILE)).toEqual([]);
    expect(parseSuppressionsFile('# nothing yet\n', FILE)).toEqual([]);
  });

  it('points at the line of the field at fault', () => {
    const text = [
      '- rule: mtls-permissive', // 1
      '  subject: shop/*',
      '  reason: migrating',
      '- rule: mtls-disabled', // 4
      '  subject: shop/web',
      '  reason: legacy client',
      '  until: 2026-02-30', // 7
      '',
    ].join('\n');
    const error = failure(text);
    expect(error.message).toBe(
      `${FILE}:7: until "2026-02-30" is not a real date`,
    );
    expect(error.line).toBe(7);
  });

  it('points at a misspelt field and an unknown rule', () => {
    expect(
      failure(
        '- rule: mtls-disabled\n  subject: shop/web\n  reason: r\n  untill: 2026-01-01\n',
      ).message,
    ).toBe(
      `${FILE}:4: unknown field "untill" (an entry has rule, subject, reason and until)`,
    );
    expect(
      failure('- subject: shop/web\n  rule: mtls-disabeld\n  reason: r\n')
        .message,
    ).toBe(
      `${FILE}:2: unknown rule "mtls-disabeld" (a rule id of the catalog, or "*")`,
    );
  });

  it('points at the entry when a field is missing', () => {
    expect(
      failure(
        '- rule: mtls-disabled\n  subject: shop/web\n  reason: r\n- rule: mtls-disabled\n  subject: shop/api\n',
      ).message,
    ).toBe(`${FILE}:4: reason is missing`);
  });

  it('reports YAML syntax errors with their line', () => {
    const error = failure('- rule: mtls-disabled\n  subject: [shop/web\n');
    expect(error.message).toMatch(new RegExp(`^${FILE}:\\d+: `));
    expect(error.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a mapping and a second document', () => {
    expect(
      failure('rule: mtls-disabled\nsubject: shop/web\nreason: r\n').message,
    ).toBe(
      `${FILE}:1: must be a list of { rule, subject, reason, until? }, found a mapping`,
    );
    expect(
      failure(
        '- rule: mtls-disabled\n  subject: shop/web\n  reason: r\n---\n- rule: mtls-permissive\n  subject: shop/web\n  reason: r\n',
      ).message,
    ).toBe(
      `${FILE}:5: holds more than one YAML document; put every entry in one list`,
    );
  });

  it('refuses duplicate keys instead of keeping the last one', () => {
    expect(
      failure(
        '- rule: mtls-disabled\n  subject: shop/web\n  subject: shop/*\n  reason: r\n',
      ).message,
    ).toMatch(new RegExp(`^${FILE}:3: `));
  });
});
