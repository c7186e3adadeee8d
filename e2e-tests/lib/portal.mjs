// Starts the demo portal the way a user does (`yarn start`: app :3000,
// backend :7007) and stops every process it started.
import { answers, startYarnGroup } from '../../scripts/lib/processGroup.mjs';

export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

export async function startPortal({ timeoutMs = 600_000 } = {}) {
  for (const url of [APP_URL, BACKEND_URL]) {
    if (await answers(url))
      throw new Error(`${url} is already in use; stop it first`);
  }
  const portal = startYarnGroup({
    args: ['start'],
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, BROWSER: 'none', NODE_ENV: 'development' },
  });
  try {
    const started = Date.now();
    await portal.waitFor(
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
      timeoutMs,
    );
    await portal.waitFor(APP_URL, timeoutMs);
    return {
      stop: portal.stop,
      output: portal.output,
      startedInMs: Date.now() - started,
    };
  } catch (e) {
    await portal.stop();
    throw e;
  }
}
