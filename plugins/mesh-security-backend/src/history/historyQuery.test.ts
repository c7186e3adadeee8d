import { InputError } from '@backstage/errors';
import { DEFAULT_HISTORY_DAYS, parseHistoryDays } from './historyQuery';

describe('parseHistoryDays', () => {
  it('defaults to 30 days', () => {
    expect(parseHistoryDays({})).toBe(DEFAULT_HISTORY_DAYS);
    expect(DEFAULT_HISTORY_DAYS).toBe(30);
  });

  it.each([
    ['1', 1],
    ['7', 7],
    ['90', 90],
  ])('reads days=%s', (days, expected) => {
    expect(parseHistoryDays({ days })).toBe(expected);
  });

  it.each(['0', '91', '-1', '1.5', 'abc', '', '1e2', ' 7'])(
    'rejects days=%j with a 400',
    days => {
      expect(() => parseHistoryDays({ days })).toThrow(InputError);
      expect(() => parseHistoryDays({ days })).toThrow(
        /^Invalid request: days /,
      );
    },
  );

  it('rejects days given twice', () => {
    expect(() => parseHistoryDays({ days: ['7', '30'] })).toThrow(InputError);
  });
});
