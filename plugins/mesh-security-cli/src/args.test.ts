import { parseArgs, parseNow } from './args';
import { RULE_CATALOG } from '@mesh-security/plugin-mesh-security-common';
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
        '--max-file-size',
        '20MB',
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
        maxFileSize: 20_000_000,
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
        maxFileSize: 512 * 1024 * 1024,
      },
    });
  });

  it('reads --max-file-size in bytes, decimal or binary units, and refuses anything else', () => {
    const size = (text: string) => {
      const parsed = parseArgs(['audit', 'x', '--max-file-size', text], io());
      return parsed.kind === 'audit' ? parsed.options.maxFileSize : undefined;
    };
    expect(size('1000')).toBe(1000);
    expect(size('2KB')).toBe(2000);
    expect(size('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(size('64mib')).toBe(64 * 1024 ** 2);
    for (const bad of ['0', '-1', 'big', '10 parsecs', '1e9']) {
      expect(() => size(bad)).toThrow(
        `--max-file-size: "${bad}" is not a size (e.g. 512MiB, 20MB or a number of bytes)`,
      );
    }
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

describe('mesh-security rules', () => {
  it('prints every rule of the catalog with its severity and meaning', () => {
    const out: string[] = [];
    const parsed = parseArgs(['rules'], { ...io(), stdout: t => out.push(t) });
    expect(parsed).toEqual({ kind: 'done' });
    const lines = out.join('').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+MEANING$/);
    expect(lines.slice(1)).toHaveLength(Object.keys(RULE_CATALOG).length);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^dr-tls-disable-to-strict\s+critical\s+DestinationRule/,
      ),
    );
  });

  it('prints JSON on request', () => {
    const out: string[] = [];
    parseArgs(['rules', '--format', 'json'], {
      ...io(),
      stdout: t => out.push(t),
    });
    const rules = JSON.parse(out.join(''));
    expect(rules.map((r: { id: string }) => r.id)).toEqual(
      Object.keys(RULE_CATALOG),
    );
    expect(rules[0]).toEqual({
      id: 'mtls-disabled',
      severity: 'high',
      summary: RULE_CATALOG['mtls-disabled'].summary,
      help: RULE_CATALOG['mtls-disabled'].help,
    });
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
