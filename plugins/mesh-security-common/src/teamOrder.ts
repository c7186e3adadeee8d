import type { TeamScorecard } from './api';

/**
 * Lowest score first, so the team that needs help is read first. Ungraded
 * teams (no workloads found) have no posture to rank: they come after every
 * graded team instead of passing for the best or the worst. The backend's
 * overview and the UI order teams with it alike.
 * @public
 */
export function compareTeamsWorstFirst(
  a: Pick<TeamScorecard, 'groupRef' | 'score'>,
  b: Pick<TeamScorecard, 'groupRef' | 'score'>,
): number {
  const byScore =
    a.score === null || b.score === null
      ? Number(a.score === null) - Number(b.score === null)
      : a.score - b.score;
  return byScore || a.groupRef.localeCompare(b.groupRef);
}
