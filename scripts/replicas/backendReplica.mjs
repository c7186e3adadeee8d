// One replica of the demo backend (packages/backend) as its own process: the
// repository's app-config.yaml plus an overlay of the caller's, run from the
// TypeScript sources through Backstage's node transform as
// `backstage-cli package start` does, without its file watcher. Its log is
// kept, by level, for the caller to check.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const ROOT = new URL('../..', import.meta.url).pathname;
const BACKEND_DIR = join(ROOT, 'packages/backend');
const NODE_TRANSFORM = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
  {
    paths: [require.resolve('@backstage/cli/package.json', { paths: [ROOT] })],
  },
);

export async function freePort() {
  const server = createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (
    server.address()
  );
  await new Promise(resolve => server.close(resolve));
  return port;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
/** `<time> <plugin> <level> <message>`: the backend's development log format */
const LOG_LINE = /^(\S+) (\S+) (error|warn|info|debug) (.*)$/;

/**
 * Starts a replica; `overlay` is app config (JSON is YAML) written to `dir`.
 * Resolves once the process runs; `ready()` waits for the backend to answer.
 * The whole log is also written to `logFile`.
 */
export async function startReplica({ name, dir, port, overlay, logFile }) {
  const configFile = join(dir, `app-config.${name}.yaml`);
  writeFileSync(configFile, JSON.stringify(overlay, null, 2));
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      NODE_TRANSFORM,
      'src/index.ts',
      '--config',
      join(ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: BACKEND_DIR,
      env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  /** @type {{ level: string, plugin: string, message: string, line: string }[]} */
  const entries = [];
  let partial = '';
  mkdirSync(dirname(logFile), { recursive: true });
  const logStream = createWriteStream(logFile);
  const collect = chunk => {
    logStream.write(chunk);
    const text = chunk.toString();
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const plain = line.replace(ANSI, '');
      const m = LOG_LINE.exec(plain);
      if (m) {
        entries.push({ level: m[3], plugin: m[2], message: m[4], line: plain });
      } else if (entries.length && plain.trim()) {
        // a continuation (stack, multi-line message) of the entry before
        entries[entries.length - 1].message += `\n${plain}`;
        entries[entries.length - 1].line += `\n${plain}`;
      }
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise(resolve =>
    child.once('exit', () => logStream.end(resolve)),
  );
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    name,
    baseUrl,
    pid: child.pid,
    entries,
    logFile,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    /** Waits (bounded) until the backend reports ready. */
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!this.alive) {
          throw new Error(
            `${name} exited before it was ready; its log: ${logFile}`,
          );
        }
        try {
          const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`, {
            signal: AbortSignal.timeout(2000),
          });
          if (res.ok) return;
        } catch {
          // not listening yet
        }
        await sleep(1000);
      }
      throw new Error(
        `${name} not ready within ${timeoutMs / 1000}s; its log: ${logFile}`,
      );
    },
    /** kill -9: no shutdown hook runs, the scheduler's claim stays behind. */
    async kill() {
      if (!this.alive) return;
      child.kill('SIGKILL');
      await exited;
    },
    /** A normal shutdown, then kill -9 if it takes too long. */
    async stop() {
      if (!this.alive) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        sleep(15_000, false),
      ]);
      if (!stopped) await this.kill();
    },
  };
}
