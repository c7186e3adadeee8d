import { InfoCard } from '@backstage/core-components';
import type {
  EntityWorkload,
  Finding,
} from '@mesh-security/plugin-mesh-security-common';
import Grid from '@material-ui/core/Grid';
import { WhoDoesCall } from './WhoDoesCall';
import { WhoMayCall } from './WhoMayCall';

/** Who may call the workload (AuthorizationPolicy) beside who does (metrics). */
export function AccessPanel(props: {
  workload: EntityWorkload;
  findings: Finding[];
}) {
  const w = props.workload;
  return (
    <InfoCard title={`Access to ${w.namespace}/${w.name}`}>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <WhoMayCall
            authorization={w.authorization}
            findings={props.findings}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <WhoDoesCall traffic={w.traffic} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
