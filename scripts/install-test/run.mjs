// The install test: our packages as a user gets them, in Backstage apps as a
// user makes them. Packs every plugins/* package, creates an app with
// @backstage/create-app (the new frontend system, then a --legacy one), adds
// the tarballs as the README says, starts each and checks the mTLS tab in
// Chromium and the backend's health route.
//
//   node scripts/install-test/run.mjs [--keep]   (--keep leaves the app in place)
//
// Run it after `. scripts/bootstrap.sh` (Node 22, yarn, registry settings).
// Yarn's downloads are kept in .cache/install-test/ between runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { checkHealth, checkMtlsTab, checkWhatIf } from './lib/checkApp.mjs';
import {
  addOurPackages,
  appEnv,
  configureApp,
  createApp,
  installApp,
  mountLegacyTab,
  prepareApp,
} from './lib/freshApp.mjs';
import { run } from './lib/exec.mjs';
import { buildAndPack, listPlugins } from './lib/pack.mjs';
import { freePort, startApp } from './lib/startApp.mjs';

const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
const keep = process.argv.includes('--keep');
const cacheDir = join(repoRoot, '.cache/install-test/yarn-cache');
// a Kiali that does not exist: only the link's address is checked
const KIALI_BASE = 'http://kiali.install-test.invalid/kiali/console';

const timings = [];
async function phase(name, fn) {
  const started = Date.now();
  process.stdout.write(`install test: ${name} …\n`);
  try {
    return await fn();
  } finally {
    const seconds = Math.round((Date.now() - started) / 1000);
    timings.push(`${name} ${seconds} s`);
    process.stdout.write(`install test: ${name} took ${seconds} s\n`);
  }
}

/**
 * The app's node_modules (over a GB, ~100k files) take minutes to delete on
 * a busy 2-core machine: a detached `rm -rf` does it after we exit.
 */
function removeInBackground(dir) {
  spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' }).unref();
  process.stdout.write(`install test: removing ${dir} in the background\n`);
}

async function settleAll(promises) {
  const results = await Promise.allSettled(promises);
  const failed = results.find(r => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map(r => r.value);
}

/** A fresh app's first steps: create-app, then its own install. */
async function makeApp(appDir, env, { legacy, label }) {
  await phase(`${label}create-app`, () => createApp(appDir, env, { legacy }));
  prepareApp(appDir, repoRoot);
  const how = await phase(`${label}app install`, () =>
    installApp(appDir, repoRoot, env),
  );
  process.stdout.write(`install test: ${how}\n`);
}

/** Our tarballs added as the README says, the app started and checked. */
async function addStartCheck(
  appDir,
  env,
  plugins,
  tarballs,
  { legacy, label },
) {
  await phase(`${label}yarn add of our tarballs`, () =>
    addOurPackages(appDir, plugins, tarballs, env),
  );
  // the legacy frontend has no discovery: the tab is mounted in code
  if (legacy) mountLegacyTab(appDir);
  const ports = { app: await freePort(), backend: await freePort() };
  const { appUrl, backendUrl } = configureApp(appDir, {
    demoMeshDir: join(repoRoot, 'examples/mesh'),
    ports,
    kialiBase: KIALI_BASE,
  });
  const app = startApp(appDir, env);
  try {
    await phase(`${label}start`, async () => {
      await app.waitFor(`${backendUrl}/api/mesh-security/health`, 600_000);
      await app.waitFor(appUrl, 600_000);
    });
    await phase(`${label}browser, health and what-if`, async () => {
      await checkHealth(backendUrl);
      await checkMtlsTab(appUrl, { kialiBase: KIALI_BASE });
      await checkWhatIf(backendUrl);
    });
  } catch (e) {
    process.stderr.write(
      `--- last output of yarn start (${label || 'new frontend system'}):\n${app
        .output()
        .slice(-6000)}\n`,
    );
    throw e;
  } finally {
    await app.stop();
  }
}

async function main() {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'mesh-install-test-'));
  const tarballs = join(work, 'tarballs');
  const appDir = join(work, 'app');
  const legacyDir = join(work, 'legacy-app');
  mkdirSync(tarballs);
  mkdirSync(cacheDir, { recursive: true });
  const env = appEnv(cacheDir);
  const nfs = { legacy: false, label: '' };
  const legacy = { legacy: true, label: 'legacy frontend: ' };
  try {
    // Packing is CPU-bound, the app's install mostly downloads and links:
    // side by side they take little more than the longer of the two.
    // allSettled: a failure in one waits for the other, so nothing still
    // runs in the work folder when it is removed
    const [plugins] = await settleAll([
      phase('build and pack', async () => {
        const list = await listPlugins(repoRoot);
        // package builds take their .d.ts files from the type-check's output
        const typesMissing = list.some(
          p =>
            !existsSync(
              join(repoRoot, 'dist-types', relative(repoRoot, p.dir), 'src'),
            ),
        );
        if (typesMissing) await run('yarn', ['tsc'], { cwd: repoRoot });
        await buildAndPack(repoRoot, list, tarballs);
        return list;
      }),
      makeApp(appDir, env, nfs),
    ]);
    // the new frontend system (create-app's default), then a legacy app: the
    // second install reuses the first one's downloads from the yarn cache
    await addStartCheck(appDir, env, plugins, tarballs, nfs);
    await makeApp(legacyDir, env, legacy);
    await addStartCheck(legacyDir, env, plugins, tarballs, legacy);
  } finally {
    if (keep) process.stdout.write(`install test: apps kept in ${work}\n`);
    else removeInBackground(work);
  }
  const total = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`install test: ${timings.join(', ')}\n`);
  process.stdout.write(`install test: passed in ${total} s\n`);
}

main().catch(e => {
  process.stderr.write(`install test: failed: ${e.stack ?? e}\n`);
  process.stdout.write(`install test: ${timings.join(', ')}\n`);
  process.exit(1);
});
