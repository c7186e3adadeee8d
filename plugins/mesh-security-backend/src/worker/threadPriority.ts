import { execFile } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The background workers' nice value: below request handling (0). */
export const REFRESH_WORKER_NICE = 10;

/** Linux's scheduling policy number for SCHED_IDLE. */
const SCHED_IDLE = 5;

/** How a background thread ended up scheduled. */
export interface ThreadPriority {
  /** its nice value, if known */
  nice?: number;
  /** whether it runs under SCHED_IDLE */
  idle: boolean;
}

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

/** The scheduling policy of thread `tid` (field 41 of its `stat`), if readable. */
export function schedulingPolicyOf(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // fields after the command name, which may hold spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const policy = Number(fields[41 - 3]);
    return Number.isInteger(policy) ? policy : undefined;
  } catch {
    return undefined;
  }
}

/**
 * On Linux each thread is scheduled on its own. A background worker (the
 * refresh's, the what-if's) lowers its own priority so that, on the one or
 * two CPUs a backend pod is often given, the main thread answers requests
 * first and the worker takes what is left; it only gets slower when
 * requests keep the CPU busy. Nice 10 gives the worker a small share; then
 * SCHED_IDLE, asked for through util-linux's `chrt` (Node has no call for
 * it): under it, the main thread waking for a request's next turn takes the
 * CPU from the worker at once, where at nice 10 it could wait for the rest
 * of the worker's time slice, and a request makes several turns (token,
 * permission and catalog calls). Where `chrt` is missing or not allowed the
 * thread stays at nice 10; elsewhere than Linux nothing changes.
 */
export async function lowerThreadPriority(
  options: { nice?: number; chrt?: string } = {},
): Promise<ThreadPriority> {
  const { nice = REFRESH_WORKER_NICE, chrt = 'chrt' } = options;
  const tid = currentThreadId();
  if (tid === undefined) return { idle: false };
  let now: number | undefined;
  try {
    // only ever lowered: a thread already nicer than asked stays so
    if (getPriority(tid) < nice) setPriority(tid, nice);
    now = getPriority(tid);
  } catch {
    now = undefined;
  }
  if (schedulingPolicyOf(tid) !== SCHED_IDLE) {
    await new Promise<void>(resolve => {
      // a thread of this process, by number; no shell
      execFile(chrt, ['--idle', '--pid', '0', String(tid)], { timeout: 10_000 }, () =>
        resolve(),
      );
    });
  }
  return { nice: now, idle: schedulingPolicyOf(tid) === SCHED_IDLE };
}
