import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The refresh worker's nice value: background work, below request handling (0). */
export const REFRESH_WORKER_NICE = 10;

/** This thread's id on Linux, where `/proc/thread-self` names it. */
export function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * On Linux each thread has its own nice value. The refresh worker lowers its
 * own so that, on the one or two CPUs a backend pod is often given, the main
 * thread answers requests first and the refresh takes what is left; it only
 * gets slower when requests keep the CPU busy. Elsewhere, or where it is not
 * allowed, nothing changes. Returns the nice value now in effect, if known.
 */
export function lowerThreadPriority(
  nice = REFRESH_WORKER_NICE,
): number | undefined {
  const tid = currentThreadId();
  if (tid === undefined) return undefined;
  try {
    // only ever lowered: a thread already nicer than asked stays so
    if (getPriority(tid) < nice) setPriority(tid, nice);
    return getPriority(tid);
  } catch {
    return undefined;
  }
}
