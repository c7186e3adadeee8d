import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import type { MeshOverview } from '@mesh-security/plugin-mesh-security-common';
import {
  StatusKind,
  StatusLabel,
  formatRps,
  formatShare,
} from '../TeamScorecard';

const useStyles = makeStyles(theme => ({
  value: { fontSize: '1.75rem', fontWeight: 600, lineHeight: 1.2 },
  label: { color: theme.palette.text.secondary },
}));

interface FigureStatus {
  kind: StatusKind;
  text: string;
}

function Figure(props: {
  label: string;
  value: string;
  status: FigureStatus;
  testId: string;
}) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={6} md={4} lg={2} data-testid={props.testId}>
      <Typography className={classes.label} variant="body2">
        {props.label}
      </Typography>
      <Typography className={classes.value}>{props.value}</Typography>
      <StatusLabel kind={props.status.kind}>{props.status.text}</StatusLabel>
    </Grid>
  );
}

/** "n of N" counts: all of them is ok, fewer is a warning, none counted is unknown. */
function countStatus(part: number, whole: number, what: string): FigureStatus {
  if (whole <= 0) return { kind: 'unknown', text: 'no workloads' };
  return {
    kind: part === whole ? 'ok' : 'warning',
    text: `${formatShare(part / whole)} ${what}`,
  };
}

function mtlsTrafficStatus(share: number | null): FigureStatus {
  if (share === null) return { kind: 'unknown', text: 'no traffic metrics' };
  if (share >= 1) return { kind: 'ok', text: 'all traffic mTLS' };
  return { kind: 'warning', text: 'some traffic in plaintext' };
}

function plaintextStatus(flows: number, totalRps: number | null): FigureStatus {
  if (flows > 0) {
    return {
      kind: 'error',
      text: `${flows === 1 ? 'flow' : 'flows'} without mTLS`,
    };
  }
  // Zero plaintext flows means nothing without traffic metrics.
  if (totalRps === null) return { kind: 'unknown', text: 'no traffic metrics' };
  return { kind: 'ok', text: 'none observed' };
}

/** Mesh-wide figures: how much is meshed, STRICT, mTLS, and how much is not. */
export function MeshCoverageCard(props: { overview: MeshOverview }) {
  const { coverage, totalRps, plaintextFlows } = props.overview;
  const { workloads, meshed, strict, mtlsTrafficShare } = coverage;
  return (
    <InfoCard title="Mesh coverage">
      <Grid container spacing={3}>
        <Figure
          testId="coverage-meshed"
          label="Workloads in the mesh"
          value={`${meshed} of ${workloads}`}
          status={countStatus(meshed, workloads, 'meshed')}
        />
        <Figure
          testId="coverage-strict"
          label="Workloads STRICT"
          value={`${strict} of ${workloads}`}
          status={countStatus(strict, workloads, 'STRICT')}
        />
        <Figure
          testId="coverage-mtls-traffic"
          label="mTLS share of traffic"
          value={formatShare(mtlsTrafficShare)}
          status={mtlsTrafficStatus(mtlsTrafficShare)}
        />
        <Figure
          testId="coverage-total-rps"
          label="Total inbound traffic"
          value={formatRps(totalRps)}
          status={
            totalRps === null
              ? { kind: 'unknown', text: 'no traffic metrics' }
              : { kind: 'info', text: 'requests per second' }
          }
        />
        <Figure
          testId="coverage-plaintext-flows"
          label="Plaintext flows"
          value={String(plaintextFlows)}
          status={plaintextStatus(plaintextFlows, totalRps)}
        />
      </Grid>
    </InfoCard>
  );
}
