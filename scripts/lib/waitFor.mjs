// Polling with a deadline, for the suites that wait on a running backend.
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` every `everyMs` until it returns a value (not undefined), at most `timeoutMs`. */
export async function waitFor(what, timeoutMs, probe, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `${what}: not within ${timeoutMs / 1000}s${
      last ? ` (last error: ${last.message})` : ''
    }`,
  );
}
