import { InfoCard, LinkButton } from '@backstage/core-components';
import type {
  EntityWorkload,
  Finding,
} from '@mesh-security/plugin-mesh-security-common';
import Grid from '@material-ui/core/Grid';
import {
  REQUEST_ACCESS_TEMPLATE,
  templateFormLink,
} from '../../scaffolderTemplates';
import { MayCall } from './MayCall';
import { WhoDoesCall } from './WhoDoesCall';
import { WhoMayCall } from './WhoMayCall';

/**
 * Access can be requested where ALLOW rules decide who may call; with no
 * ALLOW policy (or an allow-all rule) every caller may call already.
 */
function accessIsRequestable(w: EntityWorkload): boolean {
  return (
    w.authorization.stance === 'restricted' ||
    w.authorization.stance === 'allow-nothing' ||
    !!w.unknownKinds?.includes('AuthorizationPolicy')
  );
}

/**
 * Who may call the workload (AuthorizationPolicy) beside who does (metrics),
 * and below them what the workload itself may call (rules naming its identity).
 * Given the entity, it offers the "Request access" template for the callers
 * the rules leave out.
 */
export function AccessPanel(props: {
  workload: EntityWorkload;
  findings: Finding[];
  /** the entity the workload belongs to: the callee of an access request */
  entityRef?: string;
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
          {props.entityRef && accessIsRequestable(w) && (
            <LinkButton
              size="small"
              variant="outlined"
              color="primary"
              to={templateFormLink(REQUEST_ACCESS_TEMPLATE, {
                callee: props.entityRef,
              })}
              aria-label={`Request access to ${w.namespace}/${w.name}`}
              style={{ marginTop: 8 }}
            >
              Request access
            </LinkButton>
          )}
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
