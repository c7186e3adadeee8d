import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';

const REPORTERS = ['source', 'destination'];
const SECURITY = ['mutual_tls', 'none', 'unknown'];
const PROTOCOLS = ['http', 'grpc', 'tcp'];

/**
 * Metrics come from a file or a Prometheus adapter; a malformed sample must stop
 * the evaluation with a clear message rather than skew shares silently.
 */
export function validateMetrics(metrics: MeshMetrics): void {
  const fail = (where: string, what: string): never => {
    throw new Error(`Invalid mesh metrics: ${where} ${what}`);
  };
  for (const key of ['flows', 'latencies', 'identities'] as const) {
    if (!Array.isArray(metrics?.[key])) fail(key, 'must be an array');
  }
  const text = (where: string, value: unknown) => {
    if (typeof value !== 'string' || value === '')
      fail(where, 'must be a non-empty string');
  };
  const count = (where: string, value: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      fail(where, 'must be a non-negative number');
    }
  };
  const oneOf = (where: string, value: unknown, allowed: string[]) => {
    if (!allowed.includes(value as string))
      fail(where, `must be one of ${allowed.join(', ')}`);
  };
  const quantile = (where: string, value: unknown) => {
    if (value !== null) count(where, value);
  };

  metrics.flows.forEach((f, i) => {
    const at = `flows[${i}]`;
    oneOf(`${at}.reporter`, f.reporter, REPORTERS);
    oneOf(`${at}.protocol`, f.protocol, PROTOCOLS);
    oneOf(`${at}.security`, f.security, SECURITY);
    text(`${at}.sourceNamespace`, f.sourceNamespace);
    text(`${at}.sourceWorkload`, f.sourceWorkload);
    text(`${at}.destinationNamespace`, f.destinationNamespace);
    text(`${at}.destinationWorkload`, f.destinationWorkload);
    count(`${at}.rate`, f.rate);
    count(`${at}.errorRate`, f.errorRate);
  });
  metrics.latencies.forEach((l, i) => {
    const at = `latencies[${i}]`;
    oneOf(`${at}.reporter`, l.reporter, REPORTERS);
    text(`${at}.destinationNamespace`, l.destinationNamespace);
    text(`${at}.destinationWorkload`, l.destinationWorkload);
    quantile(`${at}.p50Ms`, l.p50Ms);
    quantile(`${at}.p99Ms`, l.p99Ms);
  });
  metrics.identities.forEach((s, i) => {
    const at = `identities[${i}]`;
    oneOf(`${at}.security`, s.security, SECURITY);
    text(`${at}.destinationNamespace`, s.destinationNamespace);
    text(`${at}.destinationWorkload`, s.destinationWorkload);
    text(`${at}.sourcePrincipal`, s.sourcePrincipal);
    count(`${at}.count`, s.count);
  });
}
