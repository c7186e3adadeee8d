import { open, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { constants } from 'node:buffer';
import { join } from 'node:path';
import { ManifestError } from './ManifestError';
import { sizeLimitReason } from './sizeLimit';

/**
 * The file-system side of reading manifests, shared by the CLI and the
 * backend's manifests source so both find the same files: folders are walked
 * recursively in sorted order, symbolic links are followed (a folder mounted
 * from a ConfigMap is nothing but links), entries starting with `.` are
 * skipped (`.git`, and a ConfigMap volume's `..data` and timestamped folders,
 * whose files are reached once through their top-level links), and a file or
 * folder reached twice (links, loops) is read once.
 */

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** A manifest file found by {@link listManifestFiles}. @public */
export interface ManifestFile {
  /** where to read it */
  path: string;
  /** how messages name it: the root as the caller names it, then the path below it */
  shown: string;
  /** the file on disk (device and inode): one file reached by two paths has one id */
  id: string;
}

/**
 * A path that cannot be walked or read (`shown: reason`); never carries the
 * absolute path unless the caller showed it so.
 * @public
 */
export class ManifestPathError extends Error {
  readonly shown: string;
  readonly reason: string;
  constructor(shown: string, reason: string) {
    super(`${shown}: ${reason}`);
    this.name = 'ManifestPathError';
    this.shown = shown;
    this.reason = reason;
  }
}

/**
 * Manifest files (`.yaml`, `.yml`, `.json`) under `root`, a file (taken
 * whatever its extension) or a folder, each once. Callers reading several
 * roots drop files whose `id` they already have.
 * @throws ManifestPathError
 * @public
 */
export async function listManifestFiles(
  root: string,
  shown: string,
): Promise<ManifestFile[]> {
  const info = await statOrFail(root, shown);
  if (info.isFile()) return [{ path: root, shown, id: identity(info) }];
  if (!info.isDirectory())
    throw new ManifestPathError(shown, 'not a file or folder');
  const out: ManifestFile[] = [];
  await walk(root, shown, new Set([identity(info)]), new Set(), out);
  return out;
}

async function walk(
  dir: string,
  shown: string,
  folders: Set<string>,
  seen: Set<string>,
  out: ManifestFile[],
): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir))
      .filter(n => !n.startsWith('.'))
      .sort(byCodePoint);
  } catch (error) {
    throw new ManifestPathError(shown, describeFsError(error));
  }
  for (const name of names) {
    const path = join(dir, name);
    const shownChild = join(shown, name);
    // stat, not lstat: a link is read as what it points to
    const info = await statOrFail(path, shownChild);
    const id = identity(info);
    if (info.isDirectory()) {
      // a folder linked twice, or a link back up the tree, is walked once
      if (folders.has(id)) continue;
      folders.add(id);
      await walk(path, shownChild, folders, seen, out);
    } else if (
      info.isFile() &&
      MANIFEST_EXTENSION.test(name) &&
      !seen.has(id)
    ) {
      seen.add(id);
      out.push({ path, shown: shownChild, id });
    }
  }
}

/**
 * The text of a file, refused before it is read when it is larger than
 * `maxBytes`.
 * @param limitName - how the caller lets users change the limit, for the message
 * @throws ManifestError (too large: `shown:1: reason`), ManifestPathError (unreadable)
 * @public
 */
export async function readManifestText(
  file: ManifestFile,
  maxBytes: number,
  limitName?: string,
): Promise<string> {
  const bytes = await readManifestBytes(file, maxBytes, limitName);
  try {
    // One buffer, decoded at once: a flat string. (handle.readFile decodes
    // chunk by chunk into a rope, which JSON.parse must copy flat again.)
    return bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG')
      throw tooLongForText(file.shown);
    throw error;
  }
}

/**
 * The bytes of a file, refused before they are read when there are more than
 * `maxBytes`. Larger than the longest text is fine: a JSON List given to
 * {@link parseManifestEntries} as bytes is read item by item.
 * @param limitName - how the caller lets users change the limit, for the message
 * @throws ManifestError (too large: `shown:1: reason`), ManifestPathError (unreadable)
 * @public
 */
export async function readManifestBytes(
  file: ManifestFile,
  maxBytes: number,
  limitName?: string,
): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file.path, 'r');
  } catch (error) {
    throw new ManifestPathError(file.shown, describeFsError(error));
  }
  try {
    const info = await handle.stat();
    // a device or pipe has no size to check and may never end
    if (info.isDirectory())
      throw new ManifestPathError(file.shown, 'is a folder');
    if (!info.isFile()) throw new ManifestPathError(file.shown, 'not a file');
    const size = info.size;
    if (size > maxBytes)
      throw new ManifestError(
        file.shown,
        1,
        sizeLimitReason(size, maxBytes, limitName),
      );
    // One byte more than the size tells a file that grew since stat.
    const buffer = Buffer.allocUnsafe(size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(
        buffer,
        length,
        buffer.length - length,
        null,
      );
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > size)
      throw new ManifestPathError(file.shown, 'changed while being read');
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof ManifestError || error instanceof ManifestPathError)
      throw error;
    throw new ManifestPathError(file.shown, describeFsError(error));
  } finally {
    await handle.close();
  }
}

function tooLongForText(shown: string): ManifestError {
  return new ManifestError(
    shown,
    1,
    `file is larger than the longest text Node.js can hold (${Math.floor(
      constants.MAX_STRING_LENGTH / (1024 * 1024),
    )} MiB)`,
  );
}

async function statOrFail(path: string, shown: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw new ManifestPathError(shown, describeFsError(error));
  }
}

function identity(info: Stats): string {
  return `${info.dev}:${info.ino}`;
}

/**
 * A short reason for a file-system error, without the path (Node's messages
 * carry the absolute path, which is no business of a report's reader).
 * @public
 */
export function describeFsError(error: unknown): string {
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
      return code ? `cannot read (${code})` : 'cannot read';
  }
}

function byCodePoint(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
