import { InfoCard } from '@backstage/core-components';
import type { EntityWorkload } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { ReactNode } from 'react';
import { ObservabilityLinks } from '../ObservabilityLinks';
import {
  DataplaneStatus,
  MtlsModeStatus,
  dataplaneDescription,
  mtlsModeMeaning,
} from '../Status';
import { DecisionChain } from './DecisionChain';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
    alignItems: 'baseline',
  },
  term: { color: theme.palette.text.secondary, fontWeight: 500 },
  definition: { margin: 0 },
  // a term whose definition needs the card's whole width, below it
  wide: { gridColumn: '1 / -1' },
  portList: { margin: 0, paddingLeft: theme.spacing(2) },
}));

function Fact(props: { term: string; children: ReactNode; wide?: boolean }) {
  const classes = useStyles();
  const wide = props.wide ? classes.wide : '';
  return (
    <>
      <Typography
        component="dt"
        variant="body2"
        className={`${classes.term} ${wide}`}
      >
        {props.term}
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        className={`${classes.definition} ${wide}`}
      >
        {props.children}
      </Typography>
    </>
  );
}

/** A declared workload has no Pod in the data read: it is judged from its pod template. */
export function podsLabel(w: EntityWorkload): string {
  if (w.declared) return 'declared, 0 pods (judged from its pod template)';
  return `${w.pods.length} pod${w.pods.length === 1 ? '' : 's'}`;
}

/** Mesh membership and effective mTLS of one workload, and why. */
export function WorkloadCard(props: { workload: EntityWorkload }) {
  const classes = useStyles();
  const w = props.workload;
  const portModes = Object.entries(w.portModes ?? {});
  return (
    <InfoCard
      title={`${w.namespace}/${w.name}`}
      subheader={`${w.kind} · cluster ${w.cluster} · ${podsLabel(w)}`}
    >
      <dl className={classes.facts}>
        <Fact term="Mesh">
          <DataplaneStatus dataplane={w.dataplane} />{' '}
          <Typography variant="caption" color="textSecondary">
            {dataplaneDescription(w.dataplane)}
          </Typography>
        </Fact>
        <Fact term="mTLS mode">
          <MtlsModeStatus mode={w.mtlsMode} />{' '}
          <Typography variant="caption" color="textSecondary">
            {mtlsModeMeaning(w.mtlsMode)}
          </Typography>
          {w.declaredMode && w.declaredMode !== w.mtlsMode && (
            <Typography variant="caption" display="block">
              The policy declares {w.declaredMode}; ztunnel enforces{' '}
              {w.mtlsMode}.
            </Typography>
          )}
        </Fact>
        <Fact term="Ports that differ">
          {portModes.length === 0 ? (
            'none'
          ) : (
            <ul
              className={classes.portList}
              aria-label="Ports with another mode"
            >
              {portModes.map(([port, mode]) => (
                <li key={port}>
                  port {port}: <MtlsModeStatus mode={mode} />
                </li>
              ))}
            </ul>
          )}
        </Fact>
        {/* one step per line needs more room than the definition column */}
        <Fact term="Decided by" wide>
          <DecisionChain chain={w.decisionChain} />
        </Fact>
      </dl>
      {!w.inMesh && (
        <Box mt={2}>
          <Alert severity="info">
            Without a proxy no PeerAuthentication is enforced: the policies
            above apply only once the workload joins the mesh.
          </Alert>
        </Box>
      )}
      {w.mixedPods && (
        <Box mt={2}>
          <Alert severity="warning">
            The pods of this workload disagree on mesh membership or mode: see
            the workload-mixed-posture finding below.
          </Alert>
        </Box>
      )}
      <Box mt={2}>
        <ObservabilityLinks
          namespace={w.namespace}
          workload={w.name}
          cluster={w.cluster}
        />
      </Box>
    </InfoCard>
  );
}
