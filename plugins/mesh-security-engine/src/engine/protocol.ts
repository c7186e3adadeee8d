import type { ServicePortRecord } from './inventory';

/** Istio protocols that carry HTTP (protocol.Instance IsHTTP). */
const HTTP_PROTOCOLS = new Set([
  'http',
  'http2',
  'grpc',
  'grpc-web',
  'http_proxy',
]);
const KNOWN = new Set([
  ...HTTP_PROTOCOLS,
  'https',
  'tcp',
  'tls',
  'udp',
  'mongo',
  'redis',
  'mysql',
]);

function parse(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v === 'kubernetes.io/h2c') return 'http2';
  if (v === 'kubernetes.io/ws' || v === 'kubernetes.io/wss') return 'http';
  return KNOWN.has(v) ? v : undefined;
}

/**
 * Istio's protocol selection for a Service port: `appProtocol` when Istio
 * knows it, else the port name's prefix before the first `-`. Ports whose
 * protocol cannot be told are counted as TCP here (the authorization filter
 * of the TCP chain is what sees them when sniffing finds no HTTP).
 */
export function isHttpServicePort(port: ServicePortRecord): boolean {
  const protocol = parse(port.appProtocol) ?? parse(port.name?.split('-')[0]);
  return protocol !== undefined && HTTP_PROTOCOLS.has(protocol);
}
