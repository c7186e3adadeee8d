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

function Figure(props: {
  label: string;
  value: string;
  status: StatusKind;
  statusText: string;
  testId: string;
}) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={6} md={4} lg={2} data-testid={props.testId}>
      <Typography className={classes.label} variant="body2">
        {props.label}
      </Typography>
      <Typography className={classes.value}>{props.value}</Typography>
      <StatusLabel kind={props.status}>{props.statusText}</StatusLabel>
    </Grid>
  );
}

function countShare(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Mesh-wide figures: how much is meshed, STRICT, mTLS, and how much is not. */
export function MeshCoverageCard(props: { overview: MeshOverview }) {
  const { coverage, totalRps, plaintextFlows } = props.overview;
  const { workloads, meshed, strict, mtlsTrafficShare } = coverage;
  const allMeshed = meshed === workloads;
  const allStrict = strict === workloads;
  return (
    <InfoCard title="Mesh coverage">
      <Grid container spacing={3}>
        <Figure
          testId="coverage-meshed"
          label="Workloads in the mesh"
          value={`${meshed} of ${workloads}`}
          status={workloads === 0 ? 'unknown' : allMeshed ? 'ok' : 'warning'}
          statusText={`${formatShare(
            countShare(meshed, workloads),
            'no workloads',
          )} meshed`}
        />
        <Figure
          testId="coverage-strict"
          label="Workloads STRICT"
          value={`${strict} of ${workloads}`}
          status={workloads === 0 ? 'unknown' : allStrict ? 'ok' : 'warning'}
          statusText={`${formatShare(
            countShare(strict, workloads),
            'no workloads',
          )} STRICT`}
        />
        <Figure
          testId="coverage-mtls-traffic"
          label="mTLS share of traffic"
          value={formatShare(mtlsTrafficShare, 'n/a')}
          status={
            mtlsTrafficShare === null
              ? 'unknown'
              : mtlsTrafficShare >= 1
              ? 'ok'
              : 'warning'
          }
          statusText={
            mtlsTrafficShare === null
              ? 'no traffic metrics'
              : mtlsTrafficShare >= 1
              ? 'all traffic mTLS'
              : 'some traffic in plaintext'
          }
        />
        <Figure
          testId="coverage-total-rps"
          label="Total inbound traffic"
          value={formatRps(totalRps, 'n/a')}
          status={totalRps === null ? 'unknown' : 'info'}
          statusText={
            totalRps === null ? 'no traffic metrics' : 'requests per second'
          }
        />
        <Figure
          testId="coverage-plaintext-flows"
          label="Plaintext flows"
          value={String(plaintextFlows)}
          status={
            plaintextFlows > 0 ? 'error' : totalRps === null ? 'unknown' : 'ok'
          }
          statusText={
            plaintextFlows > 0
              ? `${plaintextFlows === 1 ? 'flow' : 'flows'} without mTLS`
              : totalRps === null
              ? 'no traffic metrics'
              : 'none observed'
          }
        />
      </Grid>
    </InfoCard>
  );
}
