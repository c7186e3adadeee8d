import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsProblem, parseMetrics } from './metricsFile';
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
  latencies: [
    {
      reporter: 'destination',
      destinationNamespace: 'shop',
      destinationWorkload: 'cart',
      p50Ms: 3,
      p99Ms: null,
    },
  ],
  identities: [],
};

describe('metrics snapshot', () => {
  it('accepts a valid snapshot and the demo snapshot', () => {
    expect(metricsProblem(valid)).toBeUndefined();
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
    [[], /expected a JSON object/],
    [{ ...valid, collectedAt: 'yesterday' }, /^collectedAt/],
    [{ ...valid, window: 'five minutes' }, /^window/],
    [{ ...valid, identities: undefined }, /^identities: expected a list/],
    [
      { ...valid, flows: [{ ...valid.flows[0], security: 'tls' }] },
      /^flows\[0\]\.security: unexpected value "tls"/,
    ],
    [
      { ...valid, flows: [{ ...valid.flows[0], rate: -1 }] },
      /^flows\[0\]\.rate/,
    ],
    [
      { ...valid, latencies: [{ ...valid.latencies[0], p50Ms: '3' }] },
      /^latencies\[0\]\.p50Ms/,
    ],
  ])('reports what is wrong with %j', (value, problem) => {
    expect(metricsProblem(value)).toMatch(problem);
  });

  it('names the file and the line of a JSON syntax error', () => {
    expect(() => parseMetrics('{\n  "flows": [1 2]\n}', 'm.json')).toThrow(
      InputError,
    );
    expect(() => parseMetrics('{\n  "flows": [1 2]\n}', 'm.json')).toThrow(
      /^m\.json:2: not valid JSON \(Expected ',' or ']' after array element\)$/,
    );
    // the input is not echoed back
    expect(() => parseMetrics('{"secret": [,]}', 'm.json')).toThrow(
      /^m\.json: not valid JSON \(Unexpected token ','\)$/,
    );
  });
});
