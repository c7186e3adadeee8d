import type {
  ConnectionSecurity,
  FlowSample,
  IdentitySample,
  LatencySample,
  MeshMetrics,
  TrafficProtocol,
} from '@mesh-security/plugin-mesh-security-common';
import {
  amount,
  checkFields,
  isoTime,
  isRecord,
  latency,
  list,
  name,
  oneOf,
  optional,
  preview,
  valuesOf,
  window,
  type FieldCheck,
  type Shape,
} from './fieldChecks';
import { MeshMetricsError } from './MeshMetricsError';

const reporter = oneOf(
  valuesOf<FlowSample['reporter']>({ source: true, destination: true }),
);
const security = oneOf(
  valuesOf<ConnectionSecurity>({ mutual_tls: true, none: true, unknown: true }),
);
const protocol = oneOf(
  valuesOf<TrafficProtocol>({ http: true, grpc: true, tcp: true }),
);

const SNAPSHOT: Shape<MeshMetrics> = {
  collectedAt: isoTime,
  window,
  longWindow: window,
  flows: list,
  latencies: list,
  identities: list,
};

const FLOW: Shape<FlowSample> = {
  reporter,
  sourceNamespace: name,
  sourceWorkload: name,
  destinationNamespace: name,
  destinationWorkload: name,
  destinationService: optional(name),
  protocol,
  security,
  rate: amount,
  errorRate: amount,
};

const LATENCY: Shape<LatencySample> = {
  reporter,
  sourceNamespace: optional(name),
  sourceWorkload: optional(name),
  destinationNamespace: name,
  destinationWorkload: name,
  p50Ms: latency,
  p99Ms: latency,
};

const IDENTITY: Shape<IdentitySample> = {
  destinationNamespace: name,
  destinationWorkload: name,
  sourcePrincipal: name,
  sourceNamespace: name,
  sourceWorkload: name,
  security,
  count: amount,
};

/** Sums of per-response-code rates may overshoot their total by a rounding error. */
const ROUNDING = 1 + 1e-9;

/** A 5xx rate above the request rate means a mixed-up source, and would give an error share above 100 %. */
function errorRateWithinRate(
  flow: Record<string, unknown>,
): string | undefined {
  const { rate, errorRate } = flow;
  return amount(rate) === undefined &&
    amount(errorRate) === undefined &&
    (errorRate as number) > (rate as number) * ROUNDING
    ? `errorRate: exceeds rate (${errorRate} > ${rate})`
    : undefined;
}

/** Each list of samples: the fields of one sample, and a rule across them where there is one. */
const SAMPLES: ReadonlyArray<
  readonly [
    key: 'flows' | 'latencies' | 'identities',
    shape: Record<string, FieldCheck>,
    across?: (sample: Record<string, unknown>) => string | undefined,
  ]
> = [
  ['flows', FLOW, errorRateWithinRate],
  ['latencies', LATENCY],
  ['identities', IDENTITY],
];

/** Every problem of `value` as a `MeshMetrics` document, as `path: what`; empty when it is one. */
function meshMetricsProblems(value: unknown): string[] {
  if (!isRecord(value))
    return [
      `expected an object with ${Object.keys(SNAPSHOT).join(
        ', ',
      )}, got ${preview(value)}`,
    ];
  const problems: string[] = [];
  checkFields(value, '', SNAPSHOT, problems);
  for (const [key, shape, across] of SAMPLES) {
    const samples = value[key];
    if (!Array.isArray(samples)) continue; // reported above
    samples.forEach((sample: unknown, i) => {
      const at = `${key}[${i}]`;
      if (!isRecord(sample)) {
        problems.push(`${at}: expected an object, got ${preview(sample)}`);
        return;
      }
      checkFields(sample, at, shape, problems);
      const problem = across?.(sample);
      if (problem) problems.push(`${at}.${problem}`);
    });
  }
  return problems;
}

/**
 * Checks that `value` is a complete {@link @mesh-security/plugin-mesh-security-common#MeshMetrics}
 * document and returns it unchanged: the one validation of metrics snapshots
 * (CLI, backend) and of what the engine is given. Every field is typed and
 * required unless the type makes it optional, enums are closed, rates and
 * counts are finite and non-negative, a flow's `errorRate` is at most its
 * `rate`, windows are PromQL ranges such as `5m`, and unknown keys are
 * rejected so that a misspelt field cannot silently drop data.
 *
 * @throws {@link MeshMetricsError} listing the problems as `path: what`
 * @public
 */
export function parseMeshMetrics(value: unknown): MeshMetrics {
  const problems = meshMetricsProblems(value);
  if (problems.length > 0) throw new MeshMetricsError(problems);
  return value as MeshMetrics;
}
