/**
 * Loads this repository's `@mesh-security/*` packages as they are published:
 * from each package's `publishConfig.main` (the `backstage-cli package build`
 * output) instead of `main` (the TypeScript sources, which need Backstage's
 * node transform at run time).
 *
 * The benchmark measures the engine, not the transform: compiling the sources
 * on load keeps the transform and its compiler in the process, about 40 MB of
 * resident memory that an installed CLI or backend never carries.
 */
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PLUGINS = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The newest modification time under `dir`, in ms. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

/** package name → absolute path of its built entry point */
function builtEntries(names) {
  const entries = new Map();
  for (const dir of readdirSync(PLUGINS)) {
    const manifestPath = join(PLUGINS, dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (!names.includes(manifest.name)) continue;
    const main = manifest.publishConfig?.main;
    if (!main) throw new Error(`${manifest.name} has no publishConfig.main`);
    const entry = join(PLUGINS, dir, main);
    // a stale build would measure yesterday's engine
    if (
      !existsSync(entry) ||
      statSync(entry).mtimeMs < newestMtime(join(PLUGINS, dir, 'src'))
    ) {
      throw new Error(
        `${manifest.name} is not built or older than its sources: run 'yarn workspace ${manifest.name} build' (yarn bench:engine does)`,
      );
    }
    entries.set(manifest.name, entry);
  }
  const missing = names.filter(name => !entries.has(name));
  if (missing.length) throw new Error(`not in plugins/: ${missing.join(', ')}`);
  return entries;
}

/** Makes `require(name)` of each named package load its build output. */
export function useBuiltPackages(names) {
  if (typeof registerHooks !== 'function') {
    throw new Error(
      `node ${process.version} has no module.registerHooks (Node 22.15 or later)`,
    );
  }
  const entries = builtEntries(names);
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const entry = entries.get(specifier);
      if (!entry) return nextResolve(specifier, context);
      return { url: pathToFileURL(entry).href, shortCircuit: true };
    },
  });
}
