import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeshMetricsError } from './MeshMetricsError';
import { parseMeshMetrics } from './parseMeshMetrics';

const flow = {
  reporter: 'destination',
  sourceNamespace: 'shop',
  sourceWorkload: 'web',
  destinationNamespace: 'shop',
  destinationWorkload: 'cart',
  destinationService: 'cart.shop.svc.cluster.local',
  protocol: 'http',
  security: 'mutual_tls',
  rate: 2,
  errorRate: 0.5,
};
const latency = {
  reporter: 'source',
  sourceNamespace: 'shop',
  sourceWorkload: 'web',
  destinationNamespace: 'shop',
  destinationWorkload: 'cart',
  p50Ms: 3,
  p99Ms: null,
};
const identity = {
  destinationNamespace: 'shop',
  destinationWorkload: 'cart',
  sourcePrincipal: 'spiffe://cluster.local/ns/shop/sa/web',
  sourceNamespace: 'shop',
  sourceWorkload: 'web',
  security: 'mutual_tls',
  count: 1200,
};
const valid = {
  collectedAt: '2026-11-27T09:00:00.000Z',
  window: '5m',
  longWindow: '24h',
  flows: [flow],
  latencies: [latency],
  identities: [identity],
};

/** `valid` with one sample of `list` replaced by `sample`. */
const withSample = (
  list: 'flows' | 'latencies' | 'identities',
  sample: Record<string, unknown>,
) => ({ ...valid, [list]: [sample] });

/** The problems `parseMeshMetrics` reports, or [] when it accepts the value. */
function problemsOf(value: unknown): readonly string[] {
  try {
    parseMeshMetrics(value);
    return [];
  } catch (error) {
    if (error instanceof MeshMetricsError) return error.problems;
    throw error;
  }
}

describe('parseMeshMetrics', () => {
  it('returns a valid document unchanged', () => {
    expect(parseMeshMetrics(valid)).toBe(valid);
  });

  it('accepts the demo snapshot', () => {
    const demo = JSON.parse(
      readFileSync(
        join(__dirname, '../../../../examples/mesh/metrics-snapshot.json'),
        'utf8',
      ),
    );
    expect(parseMeshMetrics(demo).flows.length).toBeGreaterThan(0);
  });

  it.each<[string, unknown]>([
    ['empty lists', { ...valid, flows: [], latencies: [], identities: [] }],
    [
      'a flow without destinationService',
      withSample('flows', { ...flow, destinationService: undefined }),
    ],
    ['a tcp flow', withSample('flows', { ...flow, protocol: 'tcp' })],
    [
      'errorRate equal to rate',
      withSample('flows', { ...flow, rate: 0.3, errorRate: 0.3 }),
    ],
    [
      'errorRate above rate by a rounding error',
      withSample('flows', { ...flow, rate: 0.3, errorRate: 0.1 + 0.2 }),
    ],
    [
      'a destination latency without source',
      withSample('latencies', {
        reporter: 'destination',
        destinationNamespace: 'shop',
        destinationWorkload: 'cart',
        p50Ms: null,
        p99Ms: 0,
      }),
    ],
    [
      'a plaintext caller without identity',
      withSample('identities', {
        ...identity,
        sourcePrincipal: 'unknown',
        security: 'none',
      }),
    ],
    [
      'a time with an offset',
      { ...valid, collectedAt: '2026-11-27T10:00:00+01:00' },
    ],
    ['windows in ms and days', { ...valid, window: '500ms', longWindow: '7d' }],
  ])('accepts %s', (_, value) => {
    expect(problemsOf(value)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    // the document
    [
      'an array',
      [valid],
      'expected an object with collectedAt, window, longWindow, flows, latencies, identities, got a list',
    ],
    [
      'null',
      null,
      'expected an object with collectedAt, window, longWindow, flows, latencies, identities, got null',
    ],
    [
      'a missing list',
      { ...valid, identities: undefined },
      'identities: missing (expected a list)',
    ],
    [
      'a list that is an object',
      { ...valid, flows: {} },
      'flows: expected a list, got an object',
    ],
    ['an unknown top-level key', { ...valid, flow: [] }, 'flow: unknown field'],
    // collectedAt and the windows
    [
      'a missing collectedAt',
      { ...valid, collectedAt: undefined },
      'collectedAt: missing (expected an ISO-8601 time such as 2026-01-01T09:00:00Z)',
    ],
    [
      'a collectedAt in words',
      { ...valid, collectedAt: 'yesterday' },
      'collectedAt: expected an ISO-8601 time such as 2026-01-01T09:00:00Z, got "yesterday"',
    ],
    [
      'a collectedAt without zone',
      { ...valid, collectedAt: '2026-11-27T09:00:00' },
      'collectedAt: expected an ISO-8601 time such as 2026-01-01T09:00:00Z, got "2026-11-27T09:00:00"',
    ],
    [
      'a collectedAt that is no date',
      { ...valid, collectedAt: '2026-13-45T09:00:00Z' },
      'collectedAt: expected an ISO-8601 time such as 2026-01-01T09:00:00Z, got "2026-13-45T09:00:00Z"',
    ],
    [
      'a window in words',
      { ...valid, window: '5 minutes' },
      'window: expected a window such as 5m, got "5 minutes"',
    ],
    [
      'a numeric longWindow',
      { ...valid, longWindow: 86400 },
      'longWindow: expected a window such as 5m, got 86400',
    ],
    // samples
    [
      'a sample that is not an object',
      { ...valid, flows: [1] },
      'flows[0]: expected an object, got 1',
    ],
    [
      'a missing field',
      withSample('flows', { ...flow, reporter: undefined }),
      'flows[0].reporter: missing (expected one of source, destination)',
    ],
    [
      'an unknown reporter',
      withSample('latencies', { ...latency, reporter: 'client' }),
      'latencies[0].reporter: expected one of source, destination, got "client"',
    ],
    [
      'an unknown protocol',
      withSample('flows', { ...flow, protocol: 'udp' }),
      'flows[0].protocol: expected one of http, grpc, tcp, got "udp"',
    ],
    [
      'an unknown flow security',
      withSample('flows', { ...flow, security: 'tls' }),
      'flows[0].security: expected one of mutual_tls, none, unknown, got "tls"',
    ],
    [
      'an unknown identity security',
      withSample('identities', { ...identity, security: 'MUTUAL_TLS' }),
      'identities[0].security: expected one of mutual_tls, none, unknown, got "MUTUAL_TLS"',
    ],
    [
      'an empty name',
      withSample('flows', { ...flow, sourceWorkload: '' }),
      'flows[0].sourceWorkload: expected a non-empty string, got ""',
    ],
    [
      'a numeric name',
      withSample('identities', { ...identity, sourceNamespace: 7 }),
      'identities[0].sourceNamespace: expected a non-empty string, got 7',
    ],
    [
      'a missing identity source workload',
      withSample('identities', { ...identity, sourceWorkload: undefined }),
      'identities[0].sourceWorkload: missing (expected a non-empty string)',
    ],
    [
      'an empty optional destinationService',
      withSample('flows', { ...flow, destinationService: '' }),
      'flows[0].destinationService: expected a non-empty string, got ""',
    ],
    [
      'a null optional latency source',
      withSample('latencies', { ...latency, sourceWorkload: null }),
      'latencies[0].sourceWorkload: expected a non-empty string, got null',
    ],
    [
      'a rate as a string',
      withSample('flows', { ...flow, rate: '2' }),
      'flows[0].rate: expected a non-negative number, got "2"',
    ],
    [
      'a negative errorRate',
      withSample('flows', { ...flow, errorRate: -1 }),
      'flows[0].errorRate: expected a non-negative number, got -1',
    ],
    [
      'an infinite rate',
      withSample('flows', { ...flow, rate: Infinity }),
      'flows[0].rate: expected a non-negative number, got Infinity',
    ],
    [
      'a NaN count',
      withSample('identities', { ...identity, count: NaN }),
      'identities[0].count: expected a non-negative number, got NaN',
    ],
    [
      'errorRate above rate',
      withSample('flows', { ...flow, rate: 2, errorRate: 3 }),
      'flows[0].errorRate: exceeds rate (3 > 2)',
    ],
    [
      'a negative latency',
      withSample('latencies', { ...latency, p50Ms: -1 }),
      'latencies[0].p50Ms: expected a non-negative number or null, got -1',
    ],
    [
      'a latency as a string',
      withSample('latencies', { ...latency, p99Ms: '3' }),
      'latencies[0].p99Ms: expected a non-negative number or null, got "3"',
    ],
    [
      'a missing latency (null is the way to say none)',
      withSample('latencies', { ...latency, p99Ms: undefined }),
      'latencies[0].p99Ms: missing (expected a non-negative number or null)',
    ],
    [
      'a misspelt sample key',
      withSample('flows', { ...flow, errorrate: 1 }),
      'flows[0].errorrate: unknown field',
    ],
    [
      'an unknown latency key',
      withSample('latencies', { ...latency, p95Ms: 4 }),
      'latencies[0].p95Ms: unknown field',
    ],
    [
      'an unknown identity key',
      withSample('identities', { ...identity, cluster: 'eu' }),
      'identities[0].cluster: unknown field',
    ],
    [
      'a __proto__ key',
      JSON.parse(`{"__proto__": {}, ${JSON.stringify(valid).slice(1)}`),
      '__proto__: unknown field',
    ],
  ])('rejects %s', (_, value, problem) => {
    expect(problemsOf(value)).toEqual([problem]);
  });

  it('throws every problem, naming the first three in the message', () => {
    const bad = {
      ...valid,
      window: '5 min',
      flows: [{ ...flow, rate: -1, security: 'tls' }, 'x'],
      identities: [{ ...identity, count: '1', extra: true }],
    };
    let thrown: unknown;
    try {
      parseMeshMetrics(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MeshMetricsError);
    const error = thrown as MeshMetricsError;
    expect(error.problems).toEqual([
      'window: expected a window such as 5m, got "5 min"',
      'flows[0].security: expected one of mutual_tls, none, unknown, got "tls"',
      'flows[0].rate: expected a non-negative number, got -1',
      'flows[1]: expected an object, got "x"',
      'identities[0].count: expected a non-negative number, got "1"',
      'identities[0].extra: unknown field',
    ]);
    expect(error.reason).toBe(
      'window: expected a window such as 5m, got "5 min"; ' +
        'flows[0].security: expected one of mutual_tls, none, unknown, got "tls"; ' +
        'flows[0].rate: expected a non-negative number, got -1 (and 3 more)',
    );
    expect(error.message).toBe(`Invalid mesh metrics: ${error.reason}`);
    expect(error.name).toBe('MeshMetricsError');
  });

  it('shortens long values in a problem', () => {
    const long = 'x'.repeat(500);
    expect(problemsOf({ ...valid, window: long })).toEqual([
      `window: expected a window such as 5m, got "${'x'.repeat(40)}…"`,
    ]);
  });
});
