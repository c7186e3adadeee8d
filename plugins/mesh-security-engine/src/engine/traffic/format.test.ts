import { formatCount, formatRate } from './format';

describe('formatRate and formatCount', () => {
  it('read like toLocaleString en-US, at most two decimals', () => {
    for (const v of [
      0, 0.5, 1, 12, 4988, 1234.5, 1234.567, 1_000_000, 0.004, 99999.999, 12.1,
    ]) {
      expect(formatRate(v)).toBe(
        Number(v.toFixed(2)).toLocaleString('en-US', {
          maximumFractionDigits: 2,
        }),
      );
    }
    expect(formatCount(430_963_200)).toBe('430,963,200');
    expect(formatCount(999.6)).toBe('1,000');
    expect(formatCount(0)).toBe('0');
  });
});
