import type { TrendPoint } from './trendSeries';

/** The drawing area of a chart and the ranges mapped onto it. */
export interface ChartFrame {
  /** ms since the epoch at the left and right edges */
  from: number;
  to: number;
  /** value at the bottom and top edges */
  min: number;
  max: number;
  width: number;
  height: number;
  /** room kept free around the line so markers and strokes are not clipped */
  inset?: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function xOf(frame: ChartFrame, at: number): number {
  const inset = frame.inset ?? 0;
  const span = Math.max(1, frame.to - frame.from);
  const share = Math.min(1, Math.max(0, (at - frame.from) / span));
  return round(inset + share * (frame.width - 2 * inset));
}

export function yOf(frame: ChartFrame, value: number): number {
  const inset = frame.inset ?? 0;
  const span = frame.max - frame.min || 1;
  const share = Math.min(1, Math.max(0, (value - frame.min) / span));
  return round(frame.height - inset - share * (frame.height - 2 * inset));
}

/**
 * An SVG path through the measured points; a point without a value (nothing
 * measured then) breaks the line instead of drawing it to zero. A single
 * measured point between gaps is drawn as a short flat dash so it shows.
 */
export function linePath(points: TrendPoint[], frame: ChartFrame): string {
  const parts: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 1) {
      const [x, y] = run[0].split(',').map(Number);
      run.push(`${round(x + 1)},${y}`);
    }
    if (run.length > 0) parts.push(`M${run.join('L')}`);
    run = [];
  };
  for (const point of points) {
    if (point.value === null) {
      flush();
      continue;
    }
    run.push(`${xOf(frame, point.at)},${yOf(frame, point.value)}`);
  }
  flush();
  return parts.join('');
}

/** The last measured point: where the "now" marker goes. */
export function lastMeasured(points: TrendPoint[]): TrendPoint | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    if (points[i].value !== null) return points[i];
  }
  return undefined;
}

/** The top of a count axis: the largest value, at least 1 so a flat zero line sits at the bottom. */
export function countMax(points: TrendPoint[]): number {
  return Math.max(1, ...points.map(p => p.value ?? 0));
}
