import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import type { MeshOverview } from '@mesh-security/plugin-mesh-security-common';
import { formatPercent, formatRate } from '../../format';
import { StatusLabel, type StatusLevel } from '../Status';

const useStyles = makeStyles(theme => ({
  value: { fontSize: '1.75rem', fontWeight: 600, lineHeight: 1.2 },
  label: { color: theme.palette.text.secondary },
}));

interface FigureStatus {
  level: StatusLevel;
  text: string;
}

function Figure(props: {
  label: string;
  value: string;
  /** absent for plain quantities that are neither good nor bad */
  status?: FigureStatus;
  caption?: string;
  testId: string;
}) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={6} md={4} lg={2} data-testid={props.testId}>
      <Typography className={classes.label} variant="body2">
        {props.label}
      </Typography>
      <Typography className={classes.value}>{props.value}</Typography>
      {props.status && (
        <StatusLabel level={props.status.level}>
          {props.status.text}
        </StatusLabel>
      )}
      {props.caption && (
        <Typography variant="body2" className={classes.label}>
          {props.caption}
        </Typography>
      )}
    </Grid>
  );
}

/** "n of N" counts: all of them is ok, fewer is a warning, none counted is unknown. */
function countStatus(part: number, whole: number, what: string): FigureStatus {
  if (whole <= 0) return { level: 'unknown', text: 'no workloads' };
  return {
    level: part === whole ? 'ok' : 'warning',
    text: `${formatPercent(part / whole)} ${what}`,
  };
}

function mtlsTrafficStatus(share: number | null): FigureStatus {
  if (share === null) return { level: 'unknown', text: 'no traffic metrics' };
  if (share >= 1) return { level: 'ok', text: 'all traffic mTLS' };
  return { level: 'warning', text: 'some traffic in plaintext' };
}

function plaintextStatus(flows: number, totalRps: number | null): FigureStatus {
  if (flows > 0) {
    return {
      level: 'error',
      text: `${flows === 1 ? 'flow' : 'flows'} without mTLS`,
    };
  }
  // Zero plaintext flows means nothing without traffic metrics.
  if (totalRps === null)
    return { level: 'unknown', text: 'no traffic metrics' };
  return { level: 'ok', text: 'none observed' };
}

/** Mesh-wide figures: how much is meshed, STRICT, mTLS, and how much is not. */
export function MeshCoverageCard(props: {
  overview: Pick<MeshOverview, 'coverage' | 'totalRps' | 'plaintextFlows'>;
}) {
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
          value={formatPercent(mtlsTrafficShare)}
          status={mtlsTrafficStatus(mtlsTrafficShare)}
        />
        <Figure
          testId="coverage-total-rps"
          label="Total inbound traffic"
          value={formatRate(totalRps)}
          status={
            totalRps === null
              ? { level: 'unknown', text: 'no traffic metrics' }
              : undefined
          }
          caption={totalRps === null ? undefined : 'requests per second'}
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
