import { formatRps, formatShare } from './formatShare';

describe('formatShare', () => {
  it('shows one decimal and never rounds a partial share up to 100 %', () => {
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(2 / 3)).toBe('66.7 %');
    expect(formatShare(0.9999)).toBe('99.9 %');
  });

  it('names missing data instead of showing 0 %', () => {
    expect(formatShare(null)).toBe('n/a');
    expect(formatShare(null, 'no traffic')).toBe('no traffic');
    expect(formatShare(Number.NaN, 'no traffic')).toBe('no traffic');
  });
});

describe('formatRps', () => {
  it('rounds large rates and keeps a decimal for small ones', () => {
    expect(formatRps(11712)).toBe('11,712 rps');
    expect(formatRps(12)).toBe('12 rps');
    expect(formatRps(0.25)).toBe('0.3 rps');
    expect(formatRps(null, 'no metrics')).toBe('no metrics');
  });
});
