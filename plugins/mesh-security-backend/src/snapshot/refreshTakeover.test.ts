import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  recordedRefresh,
  takeoverCheckMs,
  takeOverAbandonedRefresh,
  timeoutMs,
} from './refreshTakeover';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });

function fakeRuns() {
  const run = { id: 'run-1', startedAt: '2025-06-01T00:00:00.000Z' };
  return {
    run,
    started: jest.fn(async () => run),
    ended: jest.fn(async () => {}),
  };
}

describe('recordedRefresh', () => {
  it('records the run around the refresh', async () => {
    const runs = fakeRuns();
    const refresh = jest.fn(async () => {
      expect(runs.started).toHaveBeenCalled();
      expect(runs.ended).not.toHaveBeenCalled();
    });
    await recordedRefresh(runs, refresh, mockServices.logger.mock())();
    expect(refresh).toHaveBeenCalled();
    expect(runs.ended).toHaveBeenCalledWith(runs.run);
  });

  it('warns instead of throwing when the database is out of reach', async () => {
    const runs = fakeRuns();
    const logger = mockServices.logger.mock();
    await recordedRefresh(
      runs,
      async () => {
        throw refused();
      },
      logger,
    )();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/database cannot be reached: connect ECONNREFUSED/),
    );
    expect(logger.error).not.toHaveBeenCalled();
    expect(runs.ended).toHaveBeenCalled();
  });

  it('warns when its timeout stopped it, and keeps the record when it cannot clear it', async () => {
    const runs = fakeRuns();
    runs.ended.mockRejectedValue(refused());
    const logger = mockServices.logger.mock();
    const timeout = new AbortController();
    await recordedRefresh(
      runs,
      async signal => {
        timeout.abort();
        signal?.throwIfAborted();
      },
      logger,
    )(timeout.signal);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/stopped before it finished/),
    );
  });

  it('throws everything else', async () => {
    const runs = fakeRuns();
    await expect(
      recordedRefresh(
        runs,
        async () => {
          throw new Error('evaluation bug');
        },
        mockServices.logger.mock(),
      )(),
    ).rejects.toThrow('evaluation bug');
    expect(runs.ended).toHaveBeenCalled();
  });
});

describe('takeOverAbandonedRefresh', () => {
  const scheduler = () => ({
    cancelTask: jest.fn(async (_id: string) => {}),
    triggerTask: jest.fn(async (_id: string) => {}),
  });

  it('cancels the abandoned claim and asks for a run', async () => {
    const s = scheduler();
    const claimAbandoned = jest.fn(async (_olderThanMs: number) => ({
      id: 'run-1',
      startedAt: '2025-06-01T00:00:00.000Z',
    }));
    const logger = mockServices.logger.mock();
    await takeOverAbandonedRefresh({
      scheduler: s,
      runs: { claimAbandoned },
      taskId: 'mesh-security:refresh',
      refreshTimeoutMs: 8000,
      logger,
    });
    // abandoned: older than the timeout plus one check
    expect(claimAbandoned).toHaveBeenCalledWith(8000 + takeoverCheckMs(8000));
    expect(s.cancelTask).toHaveBeenCalledWith('mesh-security:refresh');
    expect(s.triggerTask).toHaveBeenCalledWith('mesh-security:refresh');
    expect(s.cancelTask.mock.invocationCallOrder[0]).toBeLessThan(
      s.triggerTask.mock.invocationCallOrder[0],
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /started at 2025-06-01T00:00:00.000Z did not end within its timeout/,
      ),
    );
  });

  it('takes "not running" and "already running" as done', async () => {
    const s = scheduler();
    s.cancelTask.mockRejectedValue(new ConflictError('not running'));
    s.triggerTask.mockRejectedValue(new ConflictError('running'));
    await expect(
      takeOverAbandonedRefresh({
        scheduler: s,
        runs: { claimAbandoned: async () => ({ id: 'r', startedAt: 'x' }) },
        taskId: 't',
        refreshTimeoutMs: 8000,
        logger: mockServices.logger.mock(),
      }),
    ).resolves.toBeUndefined();
  });

  it('does nothing without an abandoned run, or without the database', async () => {
    const s = scheduler();
    for (const claimAbandoned of [
      async () => undefined,
      async () => {
        throw refused();
      },
    ]) {
      await takeOverAbandonedRefresh({
        scheduler: s,
        runs: { claimAbandoned },
        taskId: 't',
        refreshTimeoutMs: 8000,
        logger: mockServices.logger.mock(),
      });
    }
    expect(s.cancelTask).not.toHaveBeenCalled();
    expect(s.triggerTask).not.toHaveBeenCalled();
  });
});

describe('timeouts', () => {
  it('checks an eighth of the timeout, between 1 and 15 seconds', () => {
    expect(takeoverCheckMs(8000)).toBe(1000);
    expect(takeoverCheckMs(40_000)).toBe(5000);
    expect(takeoverCheckMs(2 * 60_000)).toBe(15_000);
  });

  it('reads a HumanDuration or a luxon Duration', () => {
    const frequency = { minutes: 5 };
    expect(timeoutMs({ frequency, timeout: { minutes: 2 } })).toBe(120_000);
    expect(
      timeoutMs({
        frequency,
        timeout: { toMillis: () => 8000 } as unknown as { seconds: number },
      }),
    ).toBe(8000);
  });
});
