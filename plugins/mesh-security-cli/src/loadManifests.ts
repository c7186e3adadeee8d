import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  MAX_MANIFEST_BYTES,
  ManifestError,
  parseManifestEntries,
} from '@mesh-security/plugin-mesh-security-node';
import type { ManifestEntry } from '@mesh-security/plugin-mesh-security-node';
import { InputError } from './errors';
import { parseMetrics } from './metricsFile';
import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';

/** The only file-system code of the CLI: manifests and the metrics snapshot. */

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;
/** A metrics snapshot of a large mesh is bigger than a manifest; still bounded. */
const MAX_METRICS_BYTES = 64 * 1024 * 1024;

export interface LoadedManifests {
  entries: ManifestEntry[];
  /** files read, as shown to the user (relative to the base folder when given relative) */
  files: string[];
}

/**
 * Every object in the given files and folders. Folders are walked recursively
 * in sorted order, skipping dot-entries (`.git`); arguments keep their order.
 * A file named twice is read once.
 * @throws InputError for unreadable paths, ManifestError for bad content
 */
export async function loadManifests(
  paths: readonly string[],
  baseDir: string,
): Promise<LoadedManifests> {
  const files: Array<{ absolute: string; shown: string }> = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const found = await manifestFiles(path, baseDir);
    if (found.length === 0)
      throw new InputError(`${path}: no .yaml, .yml or .json files found`);
    for (const file of found) {
      const real = await realpath(file.absolute);
      if (seen.has(real)) continue;
      seen.add(real);
      files.push(file);
    }
  }
  const entries: ManifestEntry[] = [];
  for (const file of files) {
    entries.push(
      ...parseManifestEntries(
        await readText(file.absolute, file.shown, MAX_MANIFEST_BYTES),
        file.shown,
      ),
    );
  }
  return { entries, files: files.map(f => f.shown) };
}

/** The `--metrics` snapshot, shape-checked. */
export async function loadMetrics(
  path: string,
  baseDir: string,
): Promise<MeshMetrics> {
  const absolute = resolve(baseDir, path);
  await statOrFail(absolute, path);
  return parseMetrics(await readText(absolute, path, MAX_METRICS_BYTES), path);
}

async function manifestFiles(
  path: string,
  baseDir: string,
): Promise<Array<{ absolute: string; shown: string }>> {
  const absolute = resolve(baseDir, path);
  const info = await statOrFail(absolute, path);
  if (info.isFile()) return [{ absolute, shown: path }];
  if (!info.isDirectory())
    throw new InputError(`${path}: not a file or folder`);
  const out: Array<{ absolute: string; shown: string }> = [];
  await walk(absolute, path, new Set([await realpath(absolute)]), out);
  return out;
}

async function walk(
  dir: string,
  shown: string,
  visited: Set<string>,
  out: Array<{ absolute: string; shown: string }>,
): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir))
      .filter(n => !n.startsWith('.'))
      .sort(byCodePoint);
  } catch (error) {
    throw new InputError(`${shown}: ${describeFsError(error)}`);
  }
  for (const name of names) {
    const absolute = join(dir, name);
    const shownChild = join(shown, name);
    const info = await statOrFail(absolute, shownChild);
    if (info.isDirectory()) {
      // symlinked folders may loop back
      const real = await realpath(absolute);
      if (visited.has(real)) continue;
      visited.add(real);
      await walk(absolute, shownChild, visited, out);
    } else if (info.isFile() && MANIFEST_EXTENSION.test(name)) {
      out.push({ absolute, shown: shownChild });
    }
  }
}

async function statOrFail(absolute: string, shown: string) {
  try {
    return await stat(absolute);
  } catch (error) {
    throw new InputError(`${shown}: ${describeFsError(error)}`);
  }
}

async function readText(
  absolute: string,
  shown: string,
  limit: number,
): Promise<string> {
  const info = await statOrFail(absolute, shown);
  if (info.size > limit) {
    // refuse before reading it into memory
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    throw new ManifestError(
      shown,
      1,
      `file is ${mb(info.size)} MB, larger than the ${mb(limit)} MB limit`,
    );
  }
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    throw new InputError(`${shown}: ${describeFsError(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent of the path is not a folder';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code
        ? `cannot read (${code})`
        : String((error as Error).message ?? error);
  }
}

function byCodePoint(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
