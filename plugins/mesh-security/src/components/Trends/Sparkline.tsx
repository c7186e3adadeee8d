import { makeStyles } from '@material-ui/core/styles';
import {
  countMax,
  lastMeasured,
  linePath,
  xOf,
  yOf,
  type ChartFrame,
} from './chartGeometry';
import type { TrendPoint } from './trendSeries';

const useStyles = makeStyles(theme => ({
  svg: { display: 'block', overflow: 'visible' },
  line: {
    fill: 'none',
    stroke: theme.palette.primary.main,
    strokeWidth: 1.5,
    strokeLinejoin: 'round',
  },
  baseline: { stroke: theme.palette.divider, strokeWidth: 1 },
  marker: { fill: theme.palette.primary.main },
}));

export interface SparklineProps {
  points: TrendPoint[];
  /** the window, in ms since the epoch */
  from: number;
  to: number;
  /** shares span 0..1; counts 0 to their largest value */
  kind: 'share' | 'count';
  /** what a screen reader hears: the change in words */
  label: string;
  width?: number;
  height?: number;
}

/**
 * A small line without axes. It only illustrates: the numbers are always
 * given in words beside it (and in its label), never by the line alone.
 */
export function Sparkline(props: SparklineProps) {
  const classes = useStyles();
  const { points, width = 120, height = 28 } = props;
  const frame: ChartFrame = {
    from: props.from,
    to: props.to,
    min: 0,
    max: props.kind === 'share' ? 1 : countMax(points),
    width,
    height,
    inset: 2,
  };
  const last = lastMeasured(points);
  return (
    <svg
      className={classes.svg}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
    >
      <title>{props.label}</title>
      <line
        className={classes.baseline}
        x1={0}
        x2={width}
        y1={yOf(frame, 0)}
        y2={yOf(frame, 0)}
      />
      <path className={classes.line} d={linePath(points, frame)} />
      {last && last.value !== null && (
        <circle
          className={classes.marker}
          cx={xOf(frame, last.at)}
          cy={yOf(frame, last.value)}
          r={2.5}
        />
      )}
    </svg>
  );
}
