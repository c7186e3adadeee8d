// Starts the demo portal on its own ports, app :3100 and backend :7107 unless
// MS_BENCH_APP_PORT / MS_BENCH_BACKEND_PORT say otherwise, so it runs beside
// a portal on the default :3000/:7007. Two flavours:
//   production (default): the backend alone, serving the built app
//     (packages/app/dist, `yarn workspace app build`) through app-backend,
//     as a deployed portal does; the app is then at the backend's URL;
//   development: `yarn start`, the app from the dev server.
// The ports reach the portal as APP_CONFIG_ overrides. It runs in its own
// process group and stops the whole group (scripts/lib/processGroup.mjs).
import { answers, startYarnGroup } from '../lib/processGroup.mjs';

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
  const portal = startYarnGroup({
    args: command,
    cwd: REPO,
    env: {
      ...process.env,
      ...overrides,
      ...env,
      BROWSER: 'none',
      NODE_ENV: 'development',
    },
  });
  const started = Date.now();
  try {
    await portal.waitFor(
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
      timeoutMs,
    );
    await portal.waitFor(appUrl, timeoutMs);
  } catch (e) {
    await portal.stop();
    throw e;
  }
  return {
    appUrl,
    stop: portal.stop,
    output: portal.output,
    startedInMs: Date.now() - started,
  };
}
