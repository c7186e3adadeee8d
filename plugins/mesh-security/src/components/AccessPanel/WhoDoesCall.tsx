import type { WorkloadTraffic } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { formatRate } from '../../format';
import { StatusLabel } from '../Status';
import {
  flowSecurity,
  flowSecurityText,
  rateUnit,
} from '../TrafficPicture/flowSecurity';

/** Beyond this the full list is in the traffic table. */
const SHOWN_CALLERS = 15;

const LEVEL = {
  mtls: 'ok',
  partial: 'warning',
  plaintext: 'error',
  unknown: 'unknown',
} as const;

/** Observed callers, busiest first. */
export function WhoDoesCall(props: { traffic: WorkloadTraffic | undefined }) {
  const inbound = props.traffic?.inbound;
  const callers = useMemo(
    () => [...(inbound ?? [])].sort((a, b) => b.rate - a.rate),
    [inbound],
  );
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        Who does call
      </Typography>
      {!props.traffic && (
        <Typography variant="body2">No traffic metrics available.</Typography>
      )}
      {props.traffic && callers.length === 0 && (
        <Typography variant="body2">
          No caller was observed in the window.
        </Typography>
      )}
      <ul aria-label="Observed callers" style={{ margin: 0, paddingLeft: 16 }}>
        {callers.slice(0, SHOWN_CALLERS).map(flow => (
          <li key={`${flow.peer}:${flow.protocol}`}>
            <Typography variant="body2" component="span">
              {flow.peer} · {formatRate(flow.rate, rateUnit(flow))} ·{' '}
            </Typography>
            <StatusLabel level={LEVEL[flowSecurity(flow)]}>
              {flowSecurityText(flow)}
            </StatusLabel>
          </li>
        ))}
      </ul>
      {callers.length > SHOWN_CALLERS && (
        <Typography variant="body2" color="textSecondary">
          and {callers.length - SHOWN_CALLERS} more in the traffic table.
        </Typography>
      )}
    </Box>
  );
}
