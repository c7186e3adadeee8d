import type { TrafficFlow } from '@mesh-security/plugin-mesh-security-common';
import { formatPercent } from '../../format';

/** What a flow's transport security amounts to for a reader. */
export type FlowSecurity = 'mtls' | 'plaintext' | 'partial' | 'unknown';

export function flowSecurity(flow: TrafficFlow): FlowSecurity {
  if (flow.plaintext || flow.mtlsShare === 0) return 'plaintext';
  if (flow.mtlsShare === null) return 'unknown';
  return flow.mtlsShare >= 1 ? 'mtls' : 'partial';
}

/** "mTLS", "plaintext", "62% mTLS" or "security unknown". */
export function flowSecurityText(flow: TrafficFlow): string {
  switch (flowSecurity(flow)) {
    case 'mtls':
      return 'mTLS';
    case 'plaintext':
      return 'plaintext';
    case 'partial':
      return `${formatPercent(flow.mtlsShare)} mTLS`;
    default:
      return 'security unknown';
  }
}

/** Connections per second for TCP, requests per second otherwise. */
export function rateUnit(flow: TrafficFlow): string {
  return flow.protocol === 'tcp' ? 'conn/s' : 'rps';
}
