// Builds and packs every package under plugins/ as it would be published,
// then checks each tarball's package.json: no workspace: ranges left and
// every entry point (main, types, exports, bin) present in the tarball.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from './exec.mjs';

export async function listPlugins(repoRoot) {
  const out = await run('yarn', ['workspaces', 'list', '--json'], {
    cwd: repoRoot,
  });
  return out
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => JSON.parse(line))
    .filter(ws => ws.location.startsWith('plugins/'))
    .map(ws => ({
      name: ws.name,
      dir: join(repoRoot, ws.location),
      version: JSON.parse(
        readFileSync(join(repoRoot, ws.location, 'package.json'), 'utf8'),
      ).version,
      file: `${ws.name.replace(/^@/, '').replace('/', '-')}.tgz`,
    }));
}

export async function buildAndPack(repoRoot, plugins, outDir) {
  // every library package at once, in parallel (apps are not bundled here)
  await run('yarn', ['backstage-cli', 'repo', 'build'], {
    cwd: repoRoot,
    timeoutMs: 900_000,
  });
  // Backstage's production pack (exports pointed at dist/, the config schema
  // compiled) into a copy of the workspace, so our working tree is never
  // rewritten; yarn pack there then turns workspace:^ into version ranges.
  const stage = join(outDir, 'workspace');
  mkdirSync(stage, { recursive: true });
  await run(
    'yarn',
    ['backstage-cli', 'build-workspace', stage, ...plugins.map(p => p.name)],
    { cwd: repoRoot },
  );
  for (const plugin of plugins) {
    const tgz = join(outDir, plugin.file);
    await run('yarn', ['pack', '--out', tgz], {
      cwd: join(stage, relative(repoRoot, plugin.dir)),
    });
    await checkTarball(plugin, tgz);
  }
}

function entryPoints(manifest) {
  const targets = [];
  const walk = value => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') {
      // the `backstage` condition names a feature type, not a file
      Object.entries(value)
        .filter(([key]) => key !== 'backstage')
        .forEach(([, v]) => walk(v));
    }
  };
  walk(manifest.main);
  walk(manifest.module);
  walk(manifest.types);
  walk(manifest.exports);
  walk(manifest.bin);
  walk(manifest.configSchema);
  return targets.filter(t => !t.includes('*'));
}

async function checkTarball(plugin, tgz) {
  if (!existsSync(tgz)) throw new Error(`${plugin.name}: ${tgz} was not made`);
  const files = new Set(
    (await run('tar', ['-tzf', tgz]))
      .split('\n')
      .filter(Boolean)
      .map(f => f.replace(/^package\//, '')),
  );
  const manifest = JSON.parse(
    await run('tar', ['-xzOf', tgz, 'package/package.json']),
  );
  const problems = [];
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        problems.push(`${field}.${dep} is still "${range}"`);
      }
    }
  }
  for (const target of entryPoints(manifest)) {
    const path = target.replace(/^\.\//, '');
    if (!files.has(path)) problems.push(`points at ${target}, not packed`);
  }
  if (problems.length) {
    throw new Error(
      `${
        plugin.name
      }: the packed package.json is not installable:\n  ${problems.join(
        '\n  ',
      )}`,
    );
  }
}
