import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  currentThreadId,
  REFRESH_WORKER_NICE,
  schedulingPolicyOf,
  ThreadPriority,
} from './threadPriority';

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

interface Seen extends ThreadPriority {
  tid: number;
  /** the thread's nice value and policy as read from outside, while it lives */
  niceOutside: number;
  policyOutside?: number;
}

/** Runs `lowerThreadPriority(options)` of this module in a fresh worker thread; resolves to what it saw. */
function inWorker(options?: { chrt?: string }): Promise<Seen> {
  const worker = new Worker(
    `
const { parentPort, workerData } = require('node:worker_threads');
require(workerData.transform);
const { currentThreadId, lowerThreadPriority } = require(workerData.file);
lowerThreadPriority(workerData.options).then(returned => {
  parentPort.postMessage({ ...returned, tid: currentThreadId() });
  // kept alive until the test has looked at it from outside
  parentPort.on('message', () => process.exit(0));
});
`,
    {
      eval: true,
      workerData: {
        file: require.resolve('./threadPriority'),
        transform: require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        options,
      },
    },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', (message: ThreadPriority & { tid: number }) => {
      resolve({
        ...message,
        niceOutside: getPriority(message.tid),
        policyOutside: schedulingPolicyOf(message.tid),
      });
      worker.postMessage('done');
    });
    worker.once('error', reject);
  });
}

const hasChrt = (() => {
  try {
    execFileSync('chrt', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// threads have nice values and policies of their own only on Linux
const onLinux = process.platform === 'linux' ? describe : describe.skip;

onLinux('background worker thread priority', () => {
  it('lowers the calling thread only: the main thread keeps serving requests at its own', async () => {
    const mainTid = currentThreadId()!;
    const main = getPriority(mainTid);
    const mainPolicy = schedulingPolicyOf(mainTid);
    const seen = await inWorker();
    expect(seen.tid).not.toBe(mainTid);
    expect(seen.niceOutside).toBe(Math.max(main, REFRESH_WORKER_NICE));
    expect(seen.nice).toBe(seen.niceOutside);
    expect(getPriority(mainTid)).toBe(main);
    expect(schedulingPolicyOf(mainTid)).toBe(mainPolicy);
  }, 60_000);

  it('runs the thread under SCHED_IDLE where chrt is at hand', async () => {
    const seen = await inWorker();
    // util-linux's chrt: in Debian's images (bootstrap, CI), not in every one
    expect(seen).toMatchObject(
      hasChrt
        ? { idle: true, policyOutside: SCHED_IDLE }
        : { idle: false, policyOutside: SCHED_OTHER },
    );
    expect(schedulingPolicyOf(currentThreadId()!)).toBe(SCHED_OTHER);
  }, 60_000);

  it('stays at its nice value where chrt cannot be run', async () => {
    const seen = await inWorker({ chrt: '/nonexistent/chrt' });
    expect(seen).toMatchObject({ idle: false, policyOutside: SCHED_OTHER });
    expect(seen.niceOutside).toBeGreaterThanOrEqual(REFRESH_WORKER_NICE);
  }, 60_000);
});
