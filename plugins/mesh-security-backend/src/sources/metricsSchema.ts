import { z } from 'zod';
import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';

const security = z.enum(['mutual_tls', 'none', 'unknown']);
const reporter = z.enum(['source', 'destination']);
const name = z.string().min(1);
const rate = z.number().finite().nonnegative();
const latency = z.number().finite().nonnegative().nullable();
const window = z
  .string()
  .regex(/^\d+(ms|s|m|h|d|w|y)$/, 'expected a window such as 5m');

const flowSample = z
  .object({
    reporter,
    sourceNamespace: name,
    sourceWorkload: name,
    destinationNamespace: name,
    destinationWorkload: name,
    destinationService: name.optional(),
    protocol: z.enum(['http', 'grpc', 'tcp']),
    security,
    rate,
    errorRate: rate,
  })
  .strict()
  .refine(f => f.errorRate <= f.rate * (1 + 1e-9), {
    message: 'errorRate exceeds rate',
    path: ['errorRate'],
  });

const latencySample = z
  .object({
    reporter,
    sourceNamespace: name.optional(),
    sourceWorkload: name.optional(),
    destinationNamespace: name,
    destinationWorkload: name,
    p50Ms: latency,
    p99Ms: latency,
  })
  .strict();

const identitySample = z
  .object({
    destinationNamespace: name,
    destinationWorkload: name,
    sourcePrincipal: name,
    sourceNamespace: name,
    sourceWorkload: name,
    security,
    count: rate,
  })
  .strict();

/**
 * Validates a {@link MeshMetrics} document (a metrics snapshot file). Unknown
 * keys are rejected so a typo does not silently drop data.
 * @public
 */
export const meshMetricsSchema: z.ZodType<MeshMetrics> = z
  .object({
    collectedAt: z.string().datetime({ offset: true }),
    window,
    longWindow: window,
    flows: z.array(flowSample),
    latencies: z.array(latencySample),
    identities: z.array(identitySample),
  })
  .strict();

/** `flows.3.rate: Expected number, received string` — the first few issues of a failed parse. */
export function describeZodError(error: z.ZodError, max = 3): string {
  const issues = error.issues.slice(0, max).map(issue => {
    const path = issue.path.join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - max;
  return more > 0
    ? `${issues.join('; ')} (and ${more} more)`
    : issues.join('; ');
}
