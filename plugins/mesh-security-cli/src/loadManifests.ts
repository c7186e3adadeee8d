import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ManifestPathError,
  describeFsError,
  listManifestFiles,
  parseManifestEntries,
  readManifestBytes,
  readManifestText,
} from '@mesh-security/mesh-security-engine';
import type {
  ManifestEntry,
  ManifestFile,
} from '@mesh-security/mesh-security-engine';
import { InputError } from './errors';
import { DEFAULT_MAX_FILE_BYTES } from './fileSize';
import { parseMetrics } from './metricsFile';
import { parseSuppressionsText } from './suppressionsFile';
import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';
import type { SuppressionEntry } from '@mesh-security/mesh-security-engine';

/**
 * The only file-system code of the CLI: manifests, the metrics snapshot,
 * suppressions. Folders are walked by the node package's walker, the one the
 * backend's manifests source uses, so both read the same files.
 */

/** A metrics snapshot of a large mesh is bigger than a manifest; still bounded. */
const MAX_METRICS_BYTES = 64 * 1024 * 1024;
/** A suppressions file is a short hand-written list. */
const MAX_SUPPRESSIONS_BYTES = 1024 * 1024;

export interface LoadedManifests {
  entries: ManifestEntry[];
  /** files read, as shown to the user (relative to the base folder when given relative) */
  files: string[];
}

export interface LoadOptions {
  /** largest manifest file read, in bytes (`--max-file-size`) */
  maxFileBytes?: number;
}

/**
 * Every object in the given files and folders. Folders are walked recursively
 * in sorted order, following symbolic links and skipping dot-entries (`.git`,
 * a ConfigMap volume's `..data`); arguments keep their order. A file reached
 * twice (named twice, linked) is read once. A file larger than the limit is
 * refused before it is read.
 * @throws InputError for unreadable paths, ManifestError for bad content
 */
export async function loadManifests(
  paths: readonly string[],
  baseDir: string,
  options: LoadOptions = {},
): Promise<LoadedManifests> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const files: ManifestFile[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const found = await pathStep(() =>
      listManifestFiles(resolve(baseDir, path), path),
    );
    if (found.length === 0)
      throw new InputError(`${path}: no .yaml, .yml or .json files found`);
    for (const file of found) {
      if (seen.has(file.id)) continue;
      seen.add(file.id);
      files.push(file);
    }
  }
  const entries: ManifestEntry[] = [];
  for (const file of files) {
    // bytes, not text: a JSON List (a cluster dump) is then read item by item
    const bytes = await pathStep(() =>
      readManifestBytes(file, maxBytes, '--max-file-size'),
    );
    // reduced: of a dump's objects only what the engine reads stays in memory
    const read = parseManifestEntries(bytes, file.shown, {
      maxBytes,
      reduce: true,
    });
    // a loop, not push(...): a cluster dump holds more objects than a call takes arguments
    for (const entry of read) entries.push(entry);
  }
  return { entries, files: files.map(f => f.shown) };
}

/** The `--metrics` snapshot, shape-checked. */
export async function loadMetrics(
  path: string,
  baseDir: string,
): Promise<MeshMetrics> {
  const absolute = resolve(baseDir, path);
  return parseMetrics(await readText(absolute, path, MAX_METRICS_BYTES), path);
}

/** The `--suppressions` file, every entry checked. */
export async function loadSuppressions(
  path: string,
  baseDir: string,
): Promise<SuppressionEntry[]> {
  const absolute = resolve(baseDir, path);
  await statOrFail(absolute, path);
  return parseSuppressionsText(
    await readText(absolute, path, MAX_SUPPRESSIONS_BYTES),
    path,
  );
}

async function statOrFail(absolute: string, shown: string) {
  try {
    return await stat(absolute);
  } catch (error) {
    throw new InputError(`${shown}: ${describeFsError(error)}`);
  }
}

/** The text of a file, refused before reading when larger than `limit`. */
function readText(
  absolute: string,
  shown: string,
  limit: number,
): Promise<string> {
  return pathStep(() =>
    readManifestText({ path: absolute, shown, id: absolute }, limit),
  );
}

/** A path that cannot be walked or read is bad input (exit 2), like a bad manifest. */
async function pathStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ManifestPathError) throw new InputError(error.message);
    throw error;
  }
}
