import { Worker } from 'node:worker_threads';

/** A module a worker thread runs: where it is loaded from and what it calls there. */
export interface WorkerModule {
  /** the module's own file: `.ts` under jest and `package start`, `.cjs.js` once built */
  file: string;
  serve(): void;
}

/**
 * Started with a small loader: from TypeScript sources (jest, `package
 * start`) it registers Backstage's node transform first; once built, the
 * module is a plain CommonJS file of dist/.
 */
const LOADER = `
const { workerData } = require('node:worker_threads');
if (workerData.transform) require(workerData.transform);
require(workerData.file)[workerData.name].serve();
`;

/**
 * Starts `module` (exported as `name` from its file) in a worker thread
 * whose heap is limited to `heapMb`: a thread running out of it stops alone,
 * with a clear error, rather than the whole backend. The thread does not
 * keep the process alive (`unref`) until its owner says otherwise.
 */
export function startWorkerThread(
  name: string,
  module: WorkerModule,
  heapMb: number,
): Worker {
  const { file, serve } = module;
  // read here so that bundling keeps it: the worker calls it
  if (typeof serve !== 'function') throw new Error(`${name} missing`);
  const worker = new Worker(LOADER, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    workerData: {
      file,
      name,
      transform: /\.tsx?$/.test(file)
        ? require.resolve('@backstage/cli/config/nodeTransform.cjs')
        : undefined,
    },
  });
  worker.unref();
  return worker;
}
