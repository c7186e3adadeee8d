import type { TeamScorecard } from './api';
import { compareTeamsWorstFirst } from './teamOrder';

describe('compareTeamsWorstFirst', () => {
  const team = (name: string, score: number | null) =>
    ({ groupRef: `group:default/${name}`, score } as TeamScorecard);

  it('orders by score, worst first, and ungraded teams after graded ones', () => {
    const teams = [
      team('none-b', null),
      team('good', 96),
      team('none-a', null),
      team('bad', 40),
      team('perfect', 100),
    ];
    expect(teams.sort(compareTeamsWorstFirst).map(t => t.groupRef)).toEqual([
      'group:default/bad',
      'group:default/good',
      'group:default/perfect',
      'group:default/none-a',
      'group:default/none-b',
    ]);
  });
});
