import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Sparkline } from './Sparkline';
import {
  summarizeTrend,
  TREND_METRICS,
  trendPoints,
  type TrendMetric,
} from './trendSeries';

const useStyles = makeStyles(theme => ({
  rows: {
    display: 'grid',
    gridTemplateColumns: 'max-content max-content 1fr',
    alignItems: 'center',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary },
  chart: { margin: 0 },
  text: { margin: 0 },
}));

/** One line per metric: its name, a sparkline, and the change in words. */
export function TrendRows(props: {
  history: PostureHistory;
  metrics: TrendMetric[];
  /** the overview card's smaller lines */
  compact?: boolean;
}) {
  const classes = useStyles();
  const { history } = props;
  const from = Date.parse(history.from);
  const to = history.points.length
    ? Math.max(from, Date.parse(history.points[history.points.length - 1].at))
    : from;
  return (
    <dl className={classes.rows}>
      {props.metrics.map(metric => {
        const summary = summarizeTrend(history, metric);
        return (
          <div key={metric} style={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" className={classes.term}>
              {TREND_METRICS[metric].label}
            </Typography>
            <dd className={classes.chart}>
              <Sparkline
                points={trendPoints(history, metric)}
                from={from}
                to={to}
                kind={TREND_METRICS[metric].kind}
                label={summary.text}
                width={props.compact ? 80 : 120}
                height={props.compact ? 20 : 28}
              />
            </dd>
            <Typography
              component="dd"
              variant={props.compact ? 'caption' : 'body2'}
              className={classes.text}
              data-direction={summary.direction}
            >
              {summary.text}
            </Typography>
          </div>
        );
      })}
    </dl>
  );
}
