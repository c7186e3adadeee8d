import { computeGrade } from './grade';

describe('computeGrade', () => {
  it('gives no grade and no score without workloads', () => {
    // the formula alone would say 100 / A: an all-clear nobody earned
    expect(
      computeGrade({
        strictShare: null,
        mtlsTrafficShare: null,
        findingsBySeverity: {},
      }),
    ).toEqual({ grade: null, score: null });
    // not even with traffic or findings reported: no workload was graded
    expect(
      computeGrade({
        strictShare: null,
        mtlsTrafficShare: 1,
        findingsBySeverity: { high: 1 },
      }),
    ).toEqual({ grade: null, score: null });
  });

  it.each([
    // strictShare, mtlsTrafficShare, findings, grade, score
    [1, 1, {}, 'A', 100],
    [1, null, {}, 'A', 100],
    [2 / 3, 4000 / 4200, { high: 1, medium: 1 }, 'C', 78.6],
    [1, 1, { medium: 2 }, 'A', 96],
    [1, 1, { critical: 1 }, 'D', 80], // a critical finding caps at D
    [0, 0, {}, 'E', 40],
    [0, 0, { high: 1 }, 'F', 32],
  ] as const)(
    'grades workloads as before: STRICT %p, mTLS %p, %p → %s %p',
    (strictShare, mtlsTrafficShare, findingsBySeverity, grade, score) => {
      expect(
        computeGrade({ strictShare, mtlsTrafficShare, findingsBySeverity }),
      ).toEqual({ grade, score });
    },
  );
});
