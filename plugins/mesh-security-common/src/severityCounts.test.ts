import { countBySeverity } from './severityCounts';

describe('countBySeverity', () => {
  it('counts each severity, zero for those absent', () => {
    const findings = [
      { severity: 'high' as const },
      { severity: 'info' as const },
      { severity: 'high' as const },
    ];
    expect(countBySeverity(findings)).toEqual({
      critical: 0,
      high: 2,
      medium: 0,
      low: 0,
      info: 1,
    });
    expect(countBySeverity(new Set(findings).values())).toEqual(
      countBySeverity(findings),
    );
  });
});
