import type { Health } from '@mesh-security/plugin-mesh-security-common';
import { StatusLabel } from './StatusLabel';

const LEVEL = { OK: 'ok', WARN: 'warning', CRIT: 'error' } as const;

/** OK below 1 % errors, WARN below 5 %, CRIT above (backend thresholds). */
export function HealthStatus(props: { health: Health | null | undefined }) {
  if (!props.health) return <StatusLabel level="unknown">no data</StatusLabel>;
  return <StatusLabel level={LEVEL[props.health]}>{props.health}</StatusLabel>;
}

/** Sort order for tables: worst first when descending. */
export const HEALTH_RANK: Record<Health, number> = { OK: 0, WARN: 1, CRIT: 2 };
