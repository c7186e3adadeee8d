/**
 * The team grade: one formula, used by the backend's scorecards, the Tech
 * Insights facts and the UI alike.
 *
 *   score = 100
 *         − 30 × (1 − strictShare)        (workloads not STRICT)
 *         − 30 × (1 − mtlsTrafficShare)   (inbound traffic not mTLS)
 *         − 20 per critical finding, − 8 per high, − 2 per medium (low/info: 0)
 *   clamped to 0..100; an unknown mtlsTrafficShare (no traffic metrics) costs nothing.
 *   A ≥ 90, B ≥ 80, C ≥ 65, D ≥ 50, E ≥ 35, F below; any critical finding caps the grade at D.
 *
 * No workloads (strictShare null) means nothing to grade: grade and score are
 * both null. The formula would say 100 / A there, a silent all-clear for
 * services that were never found in the mesh.
 */
import type { Severity } from './report';

/** @public */
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** @public */
export interface GradeInput {
  strictShare: number | null;
  mtlsTrafficShare: number | null;
  findingsBySeverity: Partial<Record<Severity, number>>;
}

const PENALTY: Record<Severity, number> = {
  critical: 20,
  high: 8,
  medium: 2,
  low: 0,
  info: 0,
};
const BANDS: Array<[number, Grade]> = [
  [90, 'A'],
  [80, 'B'],
  [65, 'C'],
  [50, 'D'],
  [35, 'E'],
];

/** The formula alone; {@link computeGrade} decides whether there is anything to grade. @public */
export function computeScore(input: GradeInput): number {
  let score = 100;
  if (input.strictShare !== null) score -= 30 * (1 - input.strictShare);
  if (input.mtlsTrafficShare !== null)
    score -= 30 * (1 - input.mtlsTrafficShare);
  for (const [severity, count] of Object.entries(input.findingsBySeverity)) {
    score -= PENALTY[severity as Severity] * (count ?? 0);
  }
  return Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
}

/** A grade, or `null` for both when there were no workloads to grade. @public */
export type GradeResult =
  | { grade: Grade; score: number }
  | { grade: null; score: null };

/** @public */
export function computeGrade(input: GradeInput): GradeResult {
  if (input.strictShare === null) return { grade: null, score: null };
  const score = computeScore(input);
  let grade: Grade = BANDS.find(([min]) => score >= min)?.[1] ?? 'F';
  if ((input.findingsBySeverity.critical ?? 0) > 0 && grade < 'D') grade = 'D';
  return { grade, score };
}
