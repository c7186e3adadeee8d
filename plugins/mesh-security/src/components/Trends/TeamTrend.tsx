import { Progress } from '@backstage/core-components';
import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { useNearViewport } from '../../hooks/useNearViewport';
import { Sparkline } from './Sparkline';
import { TrendChart } from './TrendChart';
import {
  summarizeGrade,
  summarizeTrend,
  trendPeriod,
  trendPoints,
} from './trendSeries';
import { isNotFound, usePostureHistory } from './usePostureHistory';

const WINDOWS = [30, 90] as const;

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
    marginBottom: theme.spacing(1),
  },
  changes: { margin: theme.spacing(1, 0, 0), paddingLeft: theme.spacing(2) },
  findings: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

function TeamTrendView(props: { history: PostureHistory }) {
  const classes = useStyles();
  const { history } = props;
  const from = Date.parse(history.from);
  const to = Math.max(
    from,
    Date.parse(history.points[history.points.length - 1].at),
  );
  const strict = summarizeTrend(history, 'strictCoverage');
  const mtls = summarizeTrend(history, 'mtlsShare');
  const findings = summarizeTrend(history, 'findings');
  const grade = summarizeGrade(history);
  return (
    <>
      <TrendChart
        from={from}
        to={to}
        label={`STRICT coverage and mTLS traffic share ${trendPeriod(
          history,
        )}: ${strict.text}; ${mtls.text}`}
        series={[
          {
            label: 'STRICT coverage',
            pattern: 'solid',
            points: trendPoints(history, 'strictCoverage'),
          },
          {
            label: 'mTLS traffic',
            pattern: 'dashed',
            points: trendPoints(history, 'mtlsShare'),
          },
        ]}
      />
      <ul className={classes.changes} aria-label="Changes">
        <li data-direction={strict.direction}>{strict.text}</li>
        <li data-direction={mtls.direction}>{mtls.text}</li>
        <li data-direction={findings.direction} className={classes.findings}>
          <Sparkline
            points={trendPoints(history, 'findings')}
            from={from}
            to={to}
            kind="count"
            label={findings.text}
            width={80}
            height={20}
          />
          {findings.text}
        </li>
        {grade && <li>{grade}</li>}
      </ul>
    </>
  );
}

/**
 * A team's STRICT coverage and mTLS traffic share over 30 or 90 days, with
 * the changes written out. With `lazy`, the history is asked for only once
 * the chart is near the viewport (the overview has one per team).
 */
export function TeamTrend(props: { groupRef: string; lazy?: boolean }) {
  const classes = useStyles();
  const [days, setDays] = useState<number>(WINDOWS[0]);
  const [element, setElement] = useState<HTMLElement | null>(null);
  const near = useNearViewport(element);
  const { supported, value, loading, error } = usePostureHistory({
    scope: 'team',
    ref: props.groupRef,
    days,
    enabled: !props.lazy || near,
  });
  // history turned off (404): nothing to show, and nothing wrong either
  if (!supported || (error && isNotFound(error))) return null;
  let body;
  if (loading) body = <Progress />;
  else if (error)
    body = (
      <Typography variant="caption" color="textSecondary" role="status">
        Trend unavailable: {error.message}
      </Typography>
    );
  else if (!value) body = null;
  else if (value.points.length === 0)
    body = (
      <Typography variant="caption" color="textSecondary">
        No history yet: a point is recorded at every refresh.
      </Typography>
    );
  else body = <TeamTrendView history={value} />;
  return (
    <section
      ref={setElement}
      aria-label={`Trend of ${props.groupRef}`}
      data-testid={`team-trend-${props.groupRef}`}
    >
      <div className={classes.header}>
        <Typography variant="subtitle2" component="h3">
          Trend, last {days} days
        </Typography>
        <ButtonGroup size="small" aria-label="Trend window">
          {WINDOWS.map(n => (
            <Button
              key={n}
              aria-pressed={n === days}
              variant={n === days ? 'contained' : 'outlined'}
              onClick={() => setDays(n)}
            >
              {n} days
            </Button>
          ))}
        </ButtonGroup>
      </div>
      {body}
    </section>
  );
}
