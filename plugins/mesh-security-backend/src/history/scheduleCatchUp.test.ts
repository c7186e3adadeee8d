import { mockServices } from '@backstage/backend-test-utils';
import { report, snapshot, workload } from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { CATCH_UP_TASK_ID, scheduleCatchUp } from './scheduleCatchUp';

describe('scheduleCatchUp', () => {
  it('asks the recorder to catch up on the current snapshot every minute, on one replica', async () => {
    const scheduler = mockServices.scheduler.mock();
    const catchUp = jest.fn(async () => {});
    const s0 = snapshot({ demo: report([workload('shop/a')]) });
    const stored: { view?: ReturnType<typeof indexSnapshot> } = {};
    await scheduleCatchUp({
      scheduler,
      snapshots: { current: async () => stored.view },
      recorder: { catchUp },
    });
    const [[task]] = scheduler.scheduleTask.mock.calls;
    expect(task).toMatchObject({
      id: CATCH_UP_TASK_ID,
      scope: 'global',
      frequency: { minutes: 1 },
    });
    // before the first refresh: nothing to record
    await task.fn(new AbortController().signal);
    expect(catchUp).not.toHaveBeenCalled();
    stored.view = indexSnapshot('r1', s0);
    await task.fn(new AbortController().signal);
    expect(catchUp).toHaveBeenCalledWith(s0);
  });
});
