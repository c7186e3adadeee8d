import { REPORT_WARNINGS_LIMIT, withReportWarnings } from './reportWarnings';

const status = {
  name: 'kubernetes:prod',
  kind: 'kubernetes' as const,
  state: 'partial' as const,
  warnings: ['AuthorizationPolicy: forbidden (403)'],
};

describe('withReportWarnings', () => {
  it("adds the engine's warnings after the source's own", () => {
    expect(
      withReportWarnings(status, [
        'PeerAuthentication shop/strict skipped: spec.selector.matchLabels.app must be a string',
      ]).warnings,
    ).toEqual([
      'AuthorizationPolicy: forbidden (403)',
      'PeerAuthentication shop/strict skipped: spec.selector.matchLabels.app must be a string',
    ]);
  });

  it('names the first ones and counts the rest', () => {
    const many = Array.from({ length: 45 }, (_, i) => `object ${i} skipped`);
    const warnings = withReportWarnings(status, many).warnings!;
    expect(warnings).toHaveLength(1 + REPORT_WARNINGS_LIMIT + 1);
    expect(warnings[warnings.length - 1]).toBe('…and 25 more objects skipped');
  });

  it('leaves a status without engine warnings as it is', () => {
    expect(withReportWarnings(status, [])).toBe(status);
  });
});
