// Starts the demo portal the way a user does (`yarn start`: app :3000,
// backend :7007) and stops every process it started.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

async function isUp(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

async function waitFor(url, child, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `portal exited with ${
          child.exitCode
        } before ${url} answered:\n${log().slice(-4000)}`,
      );
    }
    if (await isUp(url)) return;
    await sleep(1000);
  }
  throw new Error(
    `${url} did not answer within ${timeoutMs / 1000}s:\n${log().slice(-4000)}`,
  );
}

export async function startPortal({ timeoutMs = 600_000 } = {}) {
  for (const url of [APP_URL, BACKEND_URL]) {
    if (await isUp(url))
      throw new Error(`${url} is already in use; stop it first`);
  }
  let output = '';
  const child = spawn('yarn', ['start'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, BROWSER: 'none', NODE_ENV: 'development' },
    detached: true, // own process group, so stop() ends the whole tree
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = chunk => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // `yarn start` runs the app and backend as grandchildren: wait for the
  // whole process group to be gone, not just for yarn.
  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (!groupAlive()) return;
    process.kill(-child.pid, 'SIGTERM');
    for (let i = 0; i < 30 && groupAlive(); i++) await sleep(500);
    if (groupAlive()) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      for (let i = 0; i < 10 && groupAlive(); i++) await sleep(500);
    }
  };
  try {
    const started = Date.now();
    await waitFor(
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
      child,
      timeoutMs,
      () => output,
    );
    await waitFor(APP_URL, child, timeoutMs, () => output);
    return { stop, output: () => output, startedInMs: Date.now() - started };
  } catch (e) {
    await stop();
    throw e;
  }
}
