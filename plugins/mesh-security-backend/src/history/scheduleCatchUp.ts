import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { SnapshotStore } from '../snapshot/SnapshotStore';
import type { HistoryRecorder } from './recordHistory';

export const CATCH_UP_TASK_ID = 'mesh-security:history-catch-up';

/**
 * Every minute, on one replica at a time: records the current snapshot's
 * missing points. The refresh of a starting backend often runs before the
 * catalog has ingested everything; this fills those points within a minute
 * instead of a refresh period later. Two counts when there is nothing to do
 * (see HistoryRecorder.catchUp).
 */
export async function scheduleCatchUp(options: {
  scheduler: SchedulerService;
  snapshots: Pick<SnapshotStore, 'current'>;
  recorder: Pick<HistoryRecorder, 'catchUp'>;
}): Promise<void> {
  const { scheduler, snapshots, recorder } = options;
  await scheduler.scheduleTask({
    id: CATCH_UP_TASK_ID,
    scope: 'global',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 20 },
    fn: async () => {
      const view = await snapshots.current();
      if (view) await recorder.catchUp(view.snapshot);
    },
  });
}
