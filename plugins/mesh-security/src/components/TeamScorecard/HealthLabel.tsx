import type { Health } from '@mesh-security/plugin-mesh-security-common';
import { StatusLabel } from './StatusLabel';

/** OK below 1 % errors, WARN below 5 %, CRIT above (thresholds are the backend's). */
export function HealthLabel(props: { health: Health | null }) {
  switch (props.health) {
    case 'OK':
      return <StatusLabel kind="ok">OK</StatusLabel>;
    case 'WARN':
      return <StatusLabel kind="warning">WARN</StatusLabel>;
    case 'CRIT':
      return <StatusLabel kind="error">CRIT</StatusLabel>;
    default:
      return <StatusLabel kind="unknown">no traffic</StatusLabel>;
  }
}
