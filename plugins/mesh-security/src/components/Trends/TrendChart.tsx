import { makeStyles } from '@material-ui/core/styles';
import {
  lastMeasured,
  linePath,
  xOf,
  yOf,
  type ChartFrame,
} from './chartGeometry';
import type { TrendPoint } from './trendSeries';

/** A series of shares (0..1): told apart by its dash and marker shape, not only by colour. */
export interface ShareSeries {
  label: string;
  points: TrendPoint[];
  pattern: 'solid' | 'dashed';
}

const WIDTH = 400;
const HEIGHT = 150;
const LEFT = 40;
const BOTTOM = 20;
const PLOT_TOP = 6;

const useStyles = makeStyles(theme => ({
  svg: { width: '100%', height: 'auto', display: 'block' },
  grid: { stroke: theme.palette.divider, strokeWidth: 1 },
  axisText: { fill: theme.palette.text.secondary, fontSize: 10 },
  solid: {
    fill: 'none',
    stroke: theme.palette.primary.main,
    strokeWidth: 2,
    strokeLinejoin: 'round',
  },
  dashed: {
    fill: 'none',
    stroke: theme.palette.text.primary,
    strokeWidth: 2,
    strokeDasharray: '6 4',
    strokeLinejoin: 'round',
  },
  solidMarker: { fill: theme.palette.primary.main },
  dashedMarker: { fill: theme.palette.text.primary },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    fontSize: theme.typography.caption.fontSize,
  },
  legendItem: { display: 'inline-flex', alignItems: 'center', gap: 6 },
}));

const dayLabel = (ms: number) =>
  new Date(ms).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

function Marker(props: {
  pattern: ShareSeries['pattern'];
  x: number;
  y: number;
  className: string;
}) {
  // a circle for the solid series, a square for the dashed one
  return props.pattern === 'solid' ? (
    <circle className={props.className} cx={props.x} cy={props.y} r={3.5} />
  ) : (
    <rect
      className={props.className}
      x={props.x - 3.5}
      y={props.y - 3.5}
      width={7}
      height={7}
    />
  );
}

/**
 * Shares over a window on a 0–100 % axis, dates at both ends, a legend in
 * words. The chart's label says what it shows; the changes themselves are
 * written out next to it by its caller.
 */
export function TrendChart(props: {
  series: ShareSeries[];
  from: number;
  to: number;
  label: string;
}) {
  const classes = useStyles();
  const plot: ChartFrame = {
    from: props.from,
    to: props.to,
    min: 0,
    max: 1,
    width: WIDTH - LEFT,
    height: HEIGHT - BOTTOM - PLOT_TOP,
    inset: 4,
  };
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={props.label}
      >
        <title>{props.label}</title>
        <g transform={`translate(${LEFT} ${PLOT_TOP})`}>
          {[0, 0.5, 1].map(tick => (
            <g key={tick}>
              <line
                className={classes.grid}
                x1={0}
                x2={plot.width}
                y1={yOf(plot, tick)}
                y2={yOf(plot, tick)}
              />
              <text
                className={classes.axisText}
                x={-6}
                y={yOf(plot, tick) + 3}
                textAnchor="end"
              >
                {tick * 100}%
              </text>
            </g>
          ))}
          {props.series.map(series => {
            const last = lastMeasured(series.points);
            const line =
              series.pattern === 'solid' ? classes.solid : classes.dashed;
            const marker =
              series.pattern === 'solid'
                ? classes.solidMarker
                : classes.dashedMarker;
            return (
              <g key={series.label} data-series={series.label}>
                <path className={line} d={linePath(series.points, plot)} />
                {last && last.value !== null && (
                  <Marker
                    pattern={series.pattern}
                    className={marker}
                    x={xOf(plot, last.at)}
                    y={yOf(plot, last.value)}
                  />
                )}
              </g>
            );
          })}
          <text
            className={classes.axisText}
            x={0}
            y={plot.height + 14}
            textAnchor="start"
          >
            {dayLabel(props.from)}
          </text>
          <text
            className={classes.axisText}
            x={plot.width}
            y={plot.height + 14}
            textAnchor="end"
          >
            {dayLabel(props.to)}
          </text>
        </g>
      </svg>
      <figcaption>
        <ul className={classes.legend} aria-label="Legend">
          {props.series.map(series => (
            <li key={series.label} className={classes.legendItem}>
              <svg width={28} height={10} aria-hidden>
                <line
                  className={
                    series.pattern === 'solid' ? classes.solid : classes.dashed
                  }
                  x1={0}
                  x2={28}
                  y1={5}
                  y2={5}
                />
              </svg>
              {series.label} (
              {series.pattern === 'solid'
                ? 'solid line, circle'
                : 'dashed line, square'}
              )
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
