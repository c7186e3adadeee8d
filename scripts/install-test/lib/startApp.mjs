// `yarn start` in the fresh app (frontend dev server and backend), in its
// own process group so that stop() ends every process it started.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

export function startApp(appDir, env) {
  let output = '';
  const child = spawn('yarn', ['start'], {
    cwd: appDir,
    env: { ...env, NODE_ENV: 'development' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = chunk => {
    output += chunk.toString();
    if (output.length > 400_000) output = output.slice(-200_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    log: () => output,
    async waitFor(url, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) {
          throw new Error(
            `yarn start exited with ${
              child.exitCode
            } before ${url} answered:\n${output.slice(-6000)}`,
          );
        }
        if (await answers(url)) return;
        await sleep(1000);
      }
      throw new Error(
        `${url} did not answer within ${timeoutMs / 1000}s:\n${output.slice(
          -6000,
        )}`,
      );
    },
    async stop() {
      if (!groupAlive()) return;
      process.kill(-child.pid, 'SIGTERM');
      for (let i = 0; i < 30 && groupAlive(); i++) await sleep(500);
      if (groupAlive()) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
  };
}
