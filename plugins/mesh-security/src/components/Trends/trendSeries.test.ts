import {
  commerceHistory,
  history,
  historyPoint,
} from './__fixtures__/histories';
import {
  summarizeGrade,
  summarizeTrend,
  trendPeriod,
  trendPoints,
} from './trendSeries';

describe('summarizeTrend', () => {
  it('says where a share started and ended, and whether that is better', () => {
    expect(summarizeTrend(commerceHistory, 'strictCoverage')).toEqual({
      metric: 'strictCoverage',
      first: 2 / 3,
      last: 1,
      direction: 'better',
      text: 'STRICT coverage 66.7% → 100% over 30 days (better)',
    });
    expect(summarizeTrend(commerceHistory, 'mtlsShare').text).toBe(
      'mTLS traffic 80% → 95% over 30 days (better)',
    );
  });

  it('reads fewer findings as better, more as worse, and leaves out info findings', () => {
    expect(summarizeTrend(commerceHistory, 'findings').text).toBe(
      'Findings 2 → 1 over 30 days (better)',
    );
    const worse = history('component:default/a', 30, [
      historyPoint(20, { strict: 3, mtls: 1, findings: 0 }),
      historyPoint(1, { strict: 1, mtls: 0.5, findings: 4 }),
    ]);
    expect(summarizeTrend(worse, 'findings').direction).toBe('worse');
    expect(summarizeTrend(worse, 'strictCoverage').text).toBe(
      'STRICT coverage 100% → 33.3% since Feb 9 (worse)',
    );
  });

  it('says "unchanged" rather than drawing a change that did not happen', () => {
    const flat = history('component:default/a', 7, [
      historyPoint(6.5, { strict: 3, mtls: 1 }),
      historyPoint(0.5, { strict: 3, mtls: 1 }),
    ]);
    expect(summarizeTrend(flat, 'strictCoverage')).toMatchObject({
      direction: 'unchanged',
      text: 'STRICT coverage 100%, unchanged over 7 days',
    });
  });

  it('says nothing was measured instead of reading a gap as zero', () => {
    const noTraffic = history('component:default/a', 30, [
      historyPoint(29.5, { strict: 3, mtls: null }),
      historyPoint(1, { strict: 3, mtls: null }),
    ]);
    expect(summarizeTrend(noTraffic, 'mtlsShare')).toMatchObject({
      direction: 'unknown',
      first: null,
      text: 'mTLS traffic: nothing measured over 30 days',
    });
    expect(trendPoints(noTraffic, 'mtlsShare').map(p => p.value)).toEqual([
      null,
      null,
    ]);
    // without workloads there are no findings to count either
    const undeployed = history('component:default/a', 30, [
      historyPoint(1, { strict: 0, mtls: null, workloads: 0 }),
    ]);
    expect(trendPoints(undeployed, 'findings')[0].value).toBeNull();
    expect(trendPoints(undeployed, 'strictCoverage')[0].value).toBeNull();
  });
});

describe('summarizeGrade', () => {
  it('reads an earlier letter as better', () => {
    expect(summarizeGrade(commerceHistory)).toBe(
      'Grade C → B over 30 days (better)',
    );
  });

  it('is undefined when nothing was graded', () => {
    expect(
      summarizeGrade(
        history('group:default/x', 30, [
          { ...historyPoint(1, { strict: 0, mtls: null }), grade: null },
        ]),
      ),
    ).toBeUndefined();
  });
});

describe('trendPeriod', () => {
  it('is the window when the history covers it, the first day otherwise', () => {
    expect(trendPeriod(commerceHistory)).toBe('over 30 days');
    expect(
      trendPeriod(
        history('component:default/a', 90, [
          historyPoint(10, { strict: 1, mtls: 1 }),
        ]),
      ),
    ).toBe('since Feb 19');
  });
});
