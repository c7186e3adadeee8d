import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { currentThreadId, REFRESH_WORKER_NICE } from './threadPriority';

/** Runs `lowerThreadPriority` of this module in a fresh worker thread; resolves to what it saw. */
function inWorker(): Promise<{ tid: number; nice: number; returned: number }> {
  const worker = new Worker(
    `
const { parentPort, workerData } = require('node:worker_threads');
require(workerData.transform);
const { currentThreadId, lowerThreadPriority } = require(workerData.file);
const returned = lowerThreadPriority();
const tid = currentThreadId();
parentPort.postMessage({ tid, returned, nice: require('node:os').getPriority(tid) });
`,
    {
      eval: true,
      workerData: {
        file: require.resolve('./threadPriority'),
        transform: require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      },
    },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', message => {
      resolve(message);
      worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('refresh worker thread priority', () => {
  it('lowers the calling thread only: the main thread keeps serving requests at its own', async () => {
    // threads have nice values of their own only on Linux
    if (process.platform !== 'linux') return;
    const main = getPriority(currentThreadId()!);
    const seen = await inWorker();
    expect(seen.tid).not.toBe(currentThreadId());
    expect(seen.nice).toBe(Math.max(main, REFRESH_WORKER_NICE));
    expect(seen.returned).toBe(seen.nice);
    expect(getPriority(currentThreadId()!)).toBe(main);
  }, 60_000);
});
