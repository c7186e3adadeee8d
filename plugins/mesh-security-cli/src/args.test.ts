import { parseArgs, parseNow } from './args';
import { UsageError } from './errors';

const io = () => {
  const out: string[] = [];
  return {
    out,
    stdout: (t: string) => out.push(t),
    stderr: () => undefined,
    clock: () => new Date('2030-01-01T00:00:00Z'),
    version: '9.9.9',
  };
};

describe('parseArgs', () => {
  it('parses an audit with every option', () => {
    const parsed = parseArgs(
      [
        'audit',
        'a',
        'b/',
        '--metrics',
        'm.json',
        '--now',
        '2026-11-27T09:00:00Z',
        '--format',
        'sarif',
        '--fail-on',
        'none',
      ],
      io(),
    );
    expect(parsed).toEqual({
      kind: 'audit',
      options: {
        paths: ['a', 'b/'],
        metrics: 'm.json',
        now: new Date('2026-11-27T09:00:00Z'),
        format: 'sarif',
        failOn: 'none',
      },
    });
  });

  it('defaults to the table, --fail-on high and the clock', () => {
    expect(parseArgs(['audit', 'x'], io())).toEqual({
      kind: 'audit',
      options: {
        paths: ['x'],
        metrics: undefined,
        now: new Date('2030-01-01T00:00:00Z'),
        format: 'table',
        failOn: 'high',
      },
    });
  });

  it('prints help and the version without an audit', () => {
    const a = io();
    expect(parseArgs(['audit', '--help'], a)).toEqual({ kind: 'done' });
    expect(a.out.join('')).toMatch(/--fail-on <severity>/);
    const b = io();
    expect(parseArgs(['--version'], b)).toEqual({ kind: 'done' });
    expect(b.out.join('')).toBe('9.9.9\n');
  });

  it.each([
    [['audit', 'x', '--bogus'], /unknown option '--bogus'/],
    [['audit'], /missing required argument 'paths'/],
    [['audit', 'x', '--format', 'yaml'], /argument 'yaml' is invalid/],
    [['audit', 'x', '--fail-on'], /argument missing/],
    [['audit', 'x', '--now', '2026-13-01'], /--now/],
    [['scan', 'x'], /unknown command 'scan'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv, io())).toThrow(UsageError);
    expect(() => parseArgs(argv, io())).toThrow(message);
  });
});

describe('parseNow', () => {
  it('accepts dates and date-times with zones', () => {
    expect(parseNow('2026-11-27').toISOString()).toBe(
      '2026-11-27T00:00:00.000Z',
    );
    expect(parseNow('2026-11-27T09:30:00+02:00').toISOString()).toBe(
      '2026-11-27T07:30:00.000Z',
    );
    expect(parseNow('2026-11-27T09:30:00.250Z').toISOString()).toBe(
      '2026-11-27T09:30:00.250Z',
    );
  });

  it.each([
    '',
    'now',
    '27/11/2026',
    '2026-02-30',
    '2026-11-27T25:00:00Z',
    '1700000000',
  ])('rejects %j', text => {
    expect(() => parseNow(text)).toThrow(UsageError);
  });
});
