// Child processes for the install test: output kept (and shown only when a
// step fails), a timeout per step, and the environment a user's shell has.
import { spawn } from 'node:child_process';

/**
 * The caller's environment without what `yarn run` adds for our own
 * repository, so yarn in the fresh app sees only that app. The bootstrap's
 * settings (Node 22 on PATH, npm_config_nodedir for native modules, the
 * registry for yarn and corepack) stay.
 */
export function userEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^npm_(package|lifecycle)_/.test(key) ||
      ['PROJECT_CWD', 'INIT_CWD', 'npm_execpath', 'npm_node_execpath'].includes(
        key,
      )
    ) {
      delete env[key];
    }
  }
  return { ...env, ...extra };
}

/** Runs a command to completion; rejects with its output's tail on failure. */
export function run(command, args, { cwd, env, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env ?? userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: a timeout ends its children too
    });
    let output = '';
    const collect = chunk => {
      output += chunk.toString();
      if (output.length > 400_000) output = output.slice(-200_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', e => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(output);
        return;
      }
      const why = signal
        ? `was stopped (${signal}) after ${timeoutMs / 1000}s`
        : `exited with ${code}`;
      reject(
        new Error(
          `\`${[command, ...args].join(' ')}\` in ${
            cwd ?? process.cwd()
          } ${why}:\n${output.slice(-6000)}`,
        ),
      );
    });
  });
}
