import { DEFAULT_HEALTH_THRESHOLDS } from '@mesh-security/plugin-mesh-security-common';
import { errorShareOf, healthOf } from './health';

describe('healthOf', () => {
  it.each([
    [0, 'OK'],
    [0.0099, 'OK'],
    [0.01, 'WARN'],
    [0.015, 'WARN'],
    [0.0499, 'WARN'],
    [0.05, 'CRIT'],
    [0.5, 'CRIT'],
  ])(
    'maps an error share of %p to %s with the default thresholds',
    (share, health) => {
      expect(healthOf(share, DEFAULT_HEALTH_THRESHOLDS)).toBe(health);
    },
  );

  it('honours custom thresholds', () => {
    expect(healthOf(0.02, { warn: 0.03, crit: 0.1 })).toBe('OK');
    expect(healthOf(0.03, { warn: 0.03, crit: 0.1 })).toBe('WARN');
    expect(healthOf(0.1, { warn: 0.03, crit: 0.1 })).toBe('CRIT');
  });
});

describe('errorShareOf', () => {
  it('is the 5xx fraction, and 0 without traffic', () => {
    expect(errorShareOf(3, 200)).toBeCloseTo(0.015);
    expect(errorShareOf(0, 0)).toBe(0);
  });
});
