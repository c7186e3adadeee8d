import { mockServices } from '@backstage/backend-test-utils';
import { retentionCutoffs } from './retention';
import { RETENTION_TASK_ID, scheduleRetention } from './scheduleRetention';
import { MS_PER_DAY } from './types';

describe('scheduleRetention', () => {
  it('prunes hourly on one replica at a time, with cutoffs at the time of the run', async () => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    const prune = jest.fn(async () => ({ expired: 3, thinned: 40 }));
    let now = Date.UTC(2026, 2, 10, 12);
    const history = { fullResolutionDays: 7, retentionDays: 90 };
    await scheduleRetention({
      scheduler,
      store: { prune },
      history,
      logger,
      clock: () => now,
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: RETENTION_TASK_ID,
        scope: 'global',
        frequency: { hours: 1 },
      }),
    );
    const { fn } = scheduler.scheduleTask.mock.calls[0][0];
    await fn(new AbortController().signal);
    now += MS_PER_DAY;
    await fn(new AbortController().signal);
    expect(prune.mock.calls).toEqual([
      [retentionCutoffs(Date.UTC(2026, 2, 10, 12), history)],
      [retentionCutoffs(Date.UTC(2026, 2, 11, 12), history)],
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'Mesh security history: 3 point(s) past retention deleted, 40 thinned to one a day',
    );
  });
});

describe('retentionCutoffs', () => {
  it('falls on UTC midnights: a day is thinned whole or not at all', () => {
    const cutoffs = retentionCutoffs(Date.UTC(2026, 2, 10, 12, 34), {
      fullResolutionDays: 7,
      retentionDays: 90,
    });
    expect(new Date(cutoffs.fullResolutionFrom).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    expect(new Date(cutoffs.deleteBefore).toISOString()).toBe(
      '2025-12-10T00:00:00.000Z',
    );
  });
});
