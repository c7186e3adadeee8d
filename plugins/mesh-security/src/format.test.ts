import { formatMs, formatPercent, formatRate, timeAgo } from './format';

describe('format', () => {
  it('formats shares as percentages and unknowns as a dash', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.983)).toBe('98.3%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
  it('formats rates with grouping and small rates with a decimal', () => {
    expect(formatRate(2000)).toBe('2,000 rps');
    expect(formatRate(0.25)).toBe('0.3 rps');
    expect(formatRate(12, 'conn/s')).toBe('12 conn/s');
    expect(formatRate(undefined)).toBe('—');
  });
  it('formats latencies', () => {
    expect(formatMs(85)).toBe('85 ms');
    expect(formatMs(null)).toBe('—');
  });
  it('says how long ago a time was', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(timeAgo('2025-03-01T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2025-03-01T11:57:00Z', now)).toBe('3 min ago');
    expect(timeAgo('2025-03-01T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2025-02-25T12:00:00Z', now)).toBe('4 days ago');
    expect(timeAgo('2025-03-01T13:00:00Z', now)).toMatch(/future/);
    expect(timeAgo('yesterday', now)).toBe('at an unknown time');
  });
});
