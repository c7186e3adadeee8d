import { ConfigReader } from '@backstage/config';
import { readHistoryOptions } from '../config';

const read = (history?: unknown) =>
  readHistoryOptions(
    new ConfigReader(
      history === undefined ? {} : { meshSecurity: { history } },
    ),
  );

describe('readHistoryOptions', () => {
  it('records history by default: every refresh for 7 days, daily points for 90, regressions notified', () => {
    expect(read()).toEqual({
      enabled: true,
      fullResolutionDays: 7,
      retentionDays: 90,
      regressions: { enabled: true, mtlsShareDrop: 0.1 },
      demoSeed: false,
    });
  });

  it('reads every setting', () => {
    expect(
      read({
        enabled: false,
        fullResolutionDays: 2,
        retentionDays: 30,
        regressions: { enabled: false, mtlsShareDrop: 0.25 },
        demoSeed: true,
      }),
    ).toEqual({
      enabled: false,
      fullResolutionDays: 2,
      retentionDays: 30,
      regressions: { enabled: false, mtlsShareDrop: 0.25 },
      demoSeed: true,
    });
  });

  it.each([
    [
      { retentionDays: 0 },
      'meshSecurity.history.retentionDays: need a whole number of days from 1 to 90, got 0',
    ],
    [
      { retentionDays: 91 },
      'meshSecurity.history.retentionDays: need a whole number of days from 1 to 90, got 91',
    ],
    [
      { fullResolutionDays: 1.5 },
      'meshSecurity.history.fullResolutionDays: need a whole number of days from 1 to 90, got 1.5',
    ],
    [
      { fullResolutionDays: 10, retentionDays: 7 },
      'meshSecurity.history: fullResolutionDays (10) cannot exceed retentionDays (7)',
    ],
    [
      { regressions: { mtlsShareDrop: 0 } },
      'meshSecurity.history.regressions.mtlsShareDrop: need a share above 0 and at most 1, got 0',
    ],
    [
      { regressions: { mtlsShareDrop: 10 } },
      'meshSecurity.history.regressions.mtlsShareDrop: need a share above 0 and at most 1, got 10',
    ],
  ])('refuses %j', (history, message) => {
    expect(() => read(history)).toThrow(message);
  });

  it('refuses a value of the wrong type', () => {
    expect(() => read({ retentionDays: 'ninety' })).toThrow(
      /meshSecurity.history.retentionDays/,
    );
  });
});
