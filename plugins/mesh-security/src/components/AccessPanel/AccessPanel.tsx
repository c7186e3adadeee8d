import { InfoCard } from '@backstage/core-components';
import type {
  EntityWorkload,
  Finding,
} from '@mesh-security/plugin-mesh-security-common';
import Grid from '@material-ui/core/Grid';
import { MayCall } from './MayCall';
import { WhoDoesCall } from './WhoDoesCall';
import { WhoMayCall } from './WhoMayCall';

/**
 * Who may call the workload (AuthorizationPolicy) beside who does (metrics),
 * and below them what the workload itself may call (rules naming its identity).
 */
export function AccessPanel(props: {
  workload: EntityWorkload;
  findings: Finding[];
}) {
  const w = props.workload;
  return (
    <InfoCard title={`Access to and from ${w.namespace}/${w.name}`}>
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
        <Grid item xs={12}>
          <MayCall
            mayCall={w.mayCall}
            omitted={w.mayCallOmitted}
            inMesh={w.inMesh}
          />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
