import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';
import { InputError } from './errors';

/**
 * A MeshMetrics snapshot (the shape the backend's snapshot source and the demo's
 * examples/mesh/metrics-snapshot.json use). The check is deliberately minimal:
 * the fields the engine reads, with their types, so a wrong file is an error
 * instead of a silently empty traffic picture.
 */
export function parseMetrics(text: string, file: string): MeshMetrics {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      describeJsonError(text, file, (error as Error).message),
    );
  }
  const problem = metricsProblem(value);
  if (problem)
    throw new InputError(`${file}: not a metrics snapshot: ${problem}`);
  return value as MeshMetrics;
}

type Check = (value: unknown) => boolean;

const isString: Check = v => typeof v === 'string' && v.length > 0;
const isRate: Check = v =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isLatency: Check = v => v === null || isRate(v);
const oneOf =
  (...values: string[]): Check =>
  v =>
    typeof v === 'string' && values.includes(v);
const optional =
  (check: Check): Check =>
  v =>
    v === undefined || check(v);

const SECURITY = oneOf('mutual_tls', 'none', 'unknown');
const REPORTER = oneOf('source', 'destination');

const SAMPLE_FIELDS: Record<
  'flows' | 'latencies' | 'identities',
  Record<string, Check>
> = {
  flows: {
    reporter: REPORTER,
    sourceNamespace: isString,
    sourceWorkload: isString,
    destinationNamespace: isString,
    destinationWorkload: isString,
    destinationService: optional(isString),
    protocol: oneOf('http', 'grpc', 'tcp'),
    security: SECURITY,
    rate: isRate,
    errorRate: isRate,
  },
  latencies: {
    reporter: REPORTER,
    sourceNamespace: optional(isString),
    sourceWorkload: optional(isString),
    destinationNamespace: isString,
    destinationWorkload: isString,
    p50Ms: isLatency,
    p99Ms: isLatency,
  },
  identities: {
    destinationNamespace: isString,
    destinationWorkload: isString,
    sourcePrincipal: isString,
    sourceNamespace: isString,
    sourceWorkload: isString,
    security: SECURITY,
    count: isRate,
  },
};

/** The first thing wrong with a snapshot, as `path: what`, or undefined. */
export function metricsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'expected a JSON object with collectedAt, window, longWindow, flows, latencies, identities';
  }
  const snapshot = value as Record<string, unknown>;
  if (
    typeof snapshot.collectedAt !== 'string' ||
    Number.isNaN(Date.parse(snapshot.collectedAt))
  ) {
    return 'collectedAt: expected an ISO-8601 time';
  }
  for (const key of ['window', 'longWindow']) {
    if (
      typeof snapshot[key] !== 'string' ||
      !/^\d+(ms|s|m|h|d|w|y)$/.test(snapshot[key] as string)
    ) {
      return `${key}: expected a window such as 5m`;
    }
  }
  for (const [list, fields] of Object.entries(SAMPLE_FIELDS)) {
    const samples = snapshot[list];
    if (!Array.isArray(samples)) return `${list}: expected a list`;
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i];
      if (typeof sample !== 'object' || sample === null)
        return `${list}[${i}]: expected an object`;
      for (const [field, check] of Object.entries(fields)) {
        const got = (sample as Record<string, unknown>)[field];
        if (!check(got))
          return `${list}[${i}].${field}: unexpected value ${
            JSON.stringify(got) ?? 'undefined'
          }`;
      }
    }
  }
  return undefined;
}

/**
 * `file:line: not valid JSON (…)`. V8 states the position for most errors; for an
 * unexpected token it quotes the input instead, which is dropped (it can be huge).
 */
function describeJsonError(
  text: string,
  file: string,
  message: string,
): string {
  const position = /at position (\d+)/.exec(message);
  const line = position ? `:${lineAt(text, Number(position[1]))}` : '';
  const reason = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '');
  return `${file}${line}: not valid JSON (${reason})`;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) line++;
  return line;
}
