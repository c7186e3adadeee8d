import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { formatPercent, formatRate } from '../../format';
import { HealthStatus, MtlsModeStatus, SeverityChip } from '../Status';
import { worstFinding } from './worstFinding';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary },
  definition: { margin: 0 },
}));

function Fact(props: { term: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <>
      <Typography component="dt" variant="body2" className={classes.term}>
        {props.term}
      </Typography>
      <Typography component="dd" variant="body2" className={classes.definition}>
        {props.children}
      </Typography>
    </>
  );
}

/** Mode, coverage, traffic and worst finding in a few lines. */
export function PostureSummary(props: { posture: EntityPosture }) {
  const classes = useStyles();
  const { summary, coverage, findings } = props.posture;
  const worst = worstFinding(findings);
  const declared = props.posture.workloads.filter(w => w.declared).length;
  return (
    <dl className={classes.facts}>
      <Fact term="mTLS mode">
        <MtlsModeStatus mode={summary.mtlsMode} />
      </Fact>
      <Fact term="Coverage">
        {coverage.meshed} of {coverage.workloads} meshed · {coverage.strict} of{' '}
        {coverage.workloads} STRICT · {formatPercent(coverage.mtlsTrafficShare)}{' '}
        mTLS traffic
        {declared > 0 && (
          <Typography variant="caption" color="textSecondary" display="block">
            {declared === props.posture.workloads.length
              ? 'declared, 0 pods: judged from pod templates'
              : `${declared} declared, 0 pods: judged from pod templates`}
          </Typography>
        )}
      </Fact>
      <Fact term="Traffic">
        {formatRate(summary.rps)} inbound ·{' '}
        <HealthStatus health={summary.health} />
      </Fact>
      <Fact term="Worst finding">
        {worst ? (
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 6 }}
          >
            <SeverityChip severity={worst.severity} />
            <span>{worst.rule}</span>
            <Typography variant="caption" color="textSecondary" display="block">
              {worst.reason}
            </Typography>
          </Box>
        ) : (
          'none'
        )}
      </Fact>
      {summary.strictReady && <Fact term="Next step">ready for STRICT</Fact>}
    </dl>
  );
}
