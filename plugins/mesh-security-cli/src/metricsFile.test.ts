import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetrics } from './metricsFile';
import { InputError } from './errors';

const valid = {
  collectedAt: '2026-11-27T09:00:00Z',
  window: '5m',
  longWindow: '24h',
  flows: [
    {
      reporter: 'destination',
      sourceNamespace: 'shop',
      sourceWorkload: 'web',
      destinationNamespace: 'shop',
      destinationWorkload: 'cart',
      protocol: 'http',
      security: 'mutual_tls',
      rate: 2,
      errorRate: 0,
    },
  ],
  latencies: [],
  identities: [],
};

const parse = (value: unknown) => () =>
  parseMetrics(JSON.stringify(value), 'm.json');

// The rules themselves are tested with parseMeshMetrics in the node package;
// here: that the CLI applies them and reports them as bad input of the file.
describe('metrics snapshot', () => {
  it('accepts a valid snapshot and the demo snapshot', () => {
    expect(parse(valid)()).toEqual(valid);
    const demo = join(
      __dirname,
      '../../../examples/mesh/metrics-snapshot.json',
    );
    expect(
      parseMetrics(readFileSync(demo, 'utf8'), 'metrics-snapshot.json').flows
        .length,
    ).toBeGreaterThan(0);
  });

  it.each([
    [[], /^m\.json: not a metrics snapshot: expected an object with /],
    [
      { ...valid, window: 'five minutes' },
      /^m\.json: not a metrics snapshot: window: expected a window such as 5m, got "five minutes"$/,
    ],
    [
      { ...valid, flows: [{ ...valid.flows[0], security: 'tls' }] },
      /^m\.json: not a metrics snapshot: flows\[0\]\.security: expected one of mutual_tls, none, unknown, got "tls"$/,
    ],
    [
      { ...valid, flows: [{ ...valid.flows[0], errorrate: 1 }] },
      /^m\.json: not a metrics snapshot: flows\[0\]\.errorrate: unknown field$/,
    ],
  ])(
    'reports %j as bad input naming the file and the field',
    (value, message) => {
      expect(parse(value)).toThrow(InputError);
      expect(parse(value)).toThrow(message);
    },
  );

  it('names the file and the line of a JSON syntax error', () => {
    expect(() => parseMetrics('{\n  "flows": [1 2]\n}', 'm.json')).toThrow(
      InputError,
    );
    expect(() => parseMetrics('{\n  "flows": [1 2]\n}', 'm.json')).toThrow(
      /^m\.json:2: not valid JSON \(Expected ',' or ']' after array element\)$/,
    );
    // where V8 names no position the line is found all the same, and the
    // input is not echoed back
    expect(() => parseMetrics('{"secret": [,]}', 'm.json')).toThrow(
      /^m\.json:1: not valid JSON \(Unexpected token ','\)$/,
    );
  });
});
