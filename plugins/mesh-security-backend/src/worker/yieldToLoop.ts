import { setTimeout as sleep } from 'node:timers/promises';

/** the longest pause between two pieces of work */
const MAX_PAUSE_MS = 20;

/**
 * Lets the event loop run between pieces of a long job on the main thread:
 * after `budgetMs` of work, it pauses as long as it worked. A pause on a
 * timer, unlike `setImmediate`, lets the loop wait for I/O: a request in
 * flight needs several turns (token, permission and catalog calls over
 * loopback), and with a job always ready to run again each of those turns
 * waited behind another piece of it (entity requests took ~120 ms during
 * the end of a 4x refresh, with no turn longer than 50 ms). The job takes at
 * most about half of the loop, and so about twice as long.
 */
export function createYielder(budgetMs = 5): () => Promise<void> {
  let since = performance.now();
  return async () => {
    const worked = performance.now() - since;
    if (worked < budgetMs) return;
    await sleep(Math.min(worked, MAX_PAUSE_MS));
    since = performance.now();
  };
}
