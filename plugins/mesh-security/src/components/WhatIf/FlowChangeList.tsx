import type { SimulatedFlow } from '@mesh-security/plugin-mesh-security-common';
import Typography from '@material-ui/core/Typography';
import { formatRate } from '../../format';
import { StatusLabel } from '../Status';
import { WorkloadEntityLink } from './WorkloadEntityLink';

/** Observed flows whose outcome the change alters: breaks first, busiest first (as the engine sorts them). */
export function FlowChangeList(props: { flows: SimulatedFlow[] }) {
  if (props.flows.length === 0) return null;
  return (
    <section aria-label="Observed flows that change">
      <Typography variant="subtitle2" component="h4">
        Observed flows that change
      </Typography>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {props.flows.map(flow => (
          <li
            key={`${flow.source}>${flow.destination}:${flow.cause}:${
              flow.port ?? ''
            }`}
          >
            <Typography variant="body2" component="span">
              <StatusLabel level={flow.outcome === 'breaks' ? 'error' : 'ok'}>
                {flow.outcome === 'breaks' ? 'breaks' : 'restored'}
              </StatusLabel>{' '}
              {flow.source} → {flow.destination}
              {flow.port !== undefined && `:${flow.port}`} ·{' '}
              {formatRate(flow.rate)}
            </Typography>
            <WorkloadEntityLink entity={flow.sourceEntity} />
            <Typography variant="body2" color="textSecondary">
              {flow.reason}
            </Typography>
          </li>
        ))}
      </ul>
    </section>
  );
}
