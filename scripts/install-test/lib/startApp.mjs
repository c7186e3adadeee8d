// `yarn start` in the fresh app (frontend dev server and backend), in its
// own process group so that stop() ends every process it started.
import { createServer } from 'node:net';
import { startYarnGroup } from '../../lib/processGroup.mjs';

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

/** { output, waitFor(url, timeoutMs), stop } of `yarn start` in `appDir`. */
export function startApp(appDir, env) {
  return startYarnGroup({
    args: ['start'],
    cwd: appDir,
    env: { ...env, NODE_ENV: 'development' },
  });
}
