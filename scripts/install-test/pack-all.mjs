// Builds and packs every plugins/* package into one folder, as the README's
// "Installing in your Backstage" asks:  node scripts/install-test/pack-all.mjs <dir>
// Run it after `. scripts/bootstrap.sh` and `yarn tsc`.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAndPack, listPlugins } from './lib/pack.mjs';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node scripts/install-test/pack-all.mjs <dir>\n');
  process.exit(2);
}
const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
const work = mkdtempSync(join(tmpdir(), 'mesh-pack-'));
try {
  const plugins = await listPlugins(repoRoot);
  await buildAndPack(repoRoot, plugins, work);
  mkdirSync(target, { recursive: true });
  for (const plugin of plugins) {
    copyFileSync(join(work, plugin.file), join(target, plugin.file));
    process.stdout.write(`${plugin.name}: ${join(target, plugin.file)}\n`);
  }
} catch (e) {
  process.stderr.write(`pack-all: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
