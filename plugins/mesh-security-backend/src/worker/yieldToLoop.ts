import { setImmediate as immediate } from 'node:timers/promises';

/**
 * Lets the event loop run (timers, requests) between pieces of a long job on
 * the main thread, at most every `budgetMs` of work.
 */
export function createYielder(budgetMs = 10): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await immediate();
    since = performance.now();
  };
}
