// Starts the demo portal on its own ports, app :3100 and backend :7107 unless
// MS_BENCH_APP_PORT / MS_BENCH_BACKEND_PORT say otherwise, so it runs beside
// a portal on the default :3000/:7007. Two flavours:
//   production (default): the backend alone, serving the built app
//     (packages/app/dist, `yarn workspace app build`) through app-backend,
//     as a deployed portal does; the app is then at the backend's URL;
//   development: `yarn start`, the app from the dev server.
// The ports reach the portal as APP_CONFIG_ overrides. It runs in its own
// process group and stops the whole group: `backstage-cli repo start` leaves
// its backend child running when only yarn is waited for, so stop() waits
// until the group is empty and escalates to SIGKILL.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got '${raw}'`);
  }
  return value;
}

export const APP_PORT = port('MS_BENCH_APP_PORT', 3100);
export const BACKEND_PORT = port('MS_BENCH_BACKEND_PORT', 7107);
if (APP_PORT === BACKEND_PORT) {
  throw new Error(
    `MS_BENCH_APP_PORT and MS_BENCH_BACKEND_PORT must differ (both ${APP_PORT})`,
  );
}
export const DEV_APP_URL = `http://localhost:${APP_PORT}`;
export const BACKEND_URL = `http://localhost:${BACKEND_PORT}`;

/** Where the app is served, and the config overrides that put it there. */
function flavour(production) {
  const appUrl = production ? BACKEND_URL : DEV_APP_URL;
  return {
    appUrl,
    command: production ? ['workspace', 'backend', 'start'] : ['start'],
    overrides: {
      APP_CONFIG_app_baseUrl: appUrl,
      APP_CONFIG_backend_baseUrl: BACKEND_URL,
      APP_CONFIG_backend_listen_port: String(BACKEND_PORT),
      APP_CONFIG_backend_cors_origin: appUrl,
    },
  };
}
const REPO = new URL('../..', import.meta.url).pathname;

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
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
 * `env` is added to the portal's environment (e.g. APP_CONFIG_ overrides).
 * `production` serves the built app from the backend (build it first).
 * Resolves to { appUrl, stop, output, startedInMs }.
 */
export async function startPortal({
  env = {},
  production = true,
  timeoutMs = 600_000,
} = {}) {
  const { appUrl, command, overrides } = flavour(production);
  for (const url of new Set([appUrl, BACKEND_URL])) {
    if (await answers(url)) {
      throw new Error(
        `${url} is already in use; stop whatever serves it first`,
      );
    }
  }
  let output = '';
  const child = spawn('yarn', command, {
    cwd: REPO,
    env: {
      ...process.env,
      ...overrides,
      ...env,
      BROWSER: 'none',
      NODE_ENV: 'development',
    },
    detached: true, // own process group: stop() reaches every descendant
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = chunk => {
    output = (output + chunk.toString()).slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let spawnError;
  child.once('error', e => {
    spawnError = e; // e.g. ENOENT: yarn is not on PATH (run scripts/bootstrap.sh)
  });
  const pgid = child.pid;

  let stopped = false;
  const stop = async () => {
    if (stopped || pgid === undefined) return;
    stopped = true;
    if (!(await signalGroup(pgid, 'SIGTERM', 15_000))) {
      await signalGroup(pgid, 'SIGKILL', 5_000);
    }
  };

  const waitFor = async url => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (spawnError) {
        throw new Error(
          `could not start \`yarn ${command.join(' ')}\`: ${
            spawnError.message
          }`,
        );
      }
      if (child.exitCode !== null) {
        throw new Error(
          `the portal exited (${
            child.exitCode
          }) before ${url} answered:\n${output.slice(-3000)}`,
        );
      }
      if (await answers(url)) return;
      await sleep(1000);
    }
    throw new Error(
      `${url} did not answer within ${timeoutMs / 1000} s:\n${output.slice(
        -3000,
      )}`,
    );
  };

  const started = Date.now();
  try {
    await waitFor(`${BACKEND_URL}/.backstage/health/v1/readiness`);
    await waitFor(appUrl);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    appUrl,
    stop,
    output: () => output,
    startedInMs: Date.now() - started,
  };
}
