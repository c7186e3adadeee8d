import type {
  Health,
  HealthThresholds,
} from '@mesh-security/plugin-mesh-security-common';

/** OK below `warn`, WARN below `crit`, CRIT from `crit` on (error shares are fractions). */
export function healthOf(
  errorShare: number,
  thresholds: HealthThresholds,
): Health {
  if (errorShare >= thresholds.crit) return 'CRIT';
  if (errorShare >= thresholds.warn) return 'WARN';
  return 'OK';
}

/** 5xx share of a rate; 0 when nothing flowed (no traffic is not an error). */
export function errorShareOf(errorRate: number, rate: number): number {
  return rate > 0 ? Math.min(1, errorRate / rate) : 0;
}
