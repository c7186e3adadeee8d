// A `yarn` command (`yarn start` and the like) in a process group of its own:
// its output kept, URLs waited for, and every process it started stopped with
// it. `backstage-cli repo start` leaves its backend running when only yarn is
// signalled, so stop() waits until the group is empty and escalates to SIGKILL.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether `url` answers with a status below 500 within a few seconds. */
export async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the group, then waits up to `waitMs` for it to be empty; true when it is. */
async function signalGroup(pgid, signal, waitMs) {
  try {
    process.kill(-pgid, signal);
  } catch {
    return true; // already gone
  }
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await sleep(250);
  }
  return !groupAlive(pgid);
}

/**
 * Starts `yarn …args` in `cwd` with `env` (its whole environment). Returns
 * { output, waitFor(url, timeoutMs), stop }; `waitFor` fails at once when the
 * command could not start or exited, with the end of its output.
 */
export function startYarnGroup({ args, cwd, env }) {
  const label = `yarn ${args.join(' ')}`;
  let output = '';
  const child = spawn('yarn', args, {
    cwd,
    env,
    detached: true, // own process group: stop() reaches every descendant
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = chunk => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let spawnError;
  child.once('error', e => {
    spawnError = e; // e.g. ENOENT: yarn is not on PATH (run scripts/bootstrap.sh)
  });
  let stopped = false;
  return {
    output: () => output,
    async waitFor(url, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (spawnError) {
          throw new Error(
            `could not start \`${label}\`: ${spawnError.message}`,
          );
        }
        if (child.exitCode !== null) {
          throw new Error(
            `\`${label}\` exited (${
              child.exitCode
            }) before ${url} answered:\n${output.slice(-6000)}`,
          );
        }
        if (await answers(url)) return;
        await sleep(1000);
      }
      throw new Error(
        `${url} did not answer within ${timeoutMs / 1000} s:\n${output.slice(
          -6000,
        )}`,
      );
    },
    async stop() {
      if (stopped || child.pid === undefined) return;
      stopped = true;
      if (!(await signalGroup(child.pid, 'SIGTERM', 15_000))) {
        await signalGroup(child.pid, 'SIGKILL', 5_000);
      }
    },
  };
}
