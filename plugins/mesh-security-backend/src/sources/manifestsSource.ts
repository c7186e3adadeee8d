import { basename, isAbsolute, normalize, resolve, sep } from 'node:path';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import {
  MAX_MANIFEST_BYTES,
  listManifestFiles,
  parseManifests,
  readManifestText,
} from '@mesh-security/mesh-security-engine';
import type { ManifestFile } from '@mesh-security/mesh-security-engine';
import type { ClusterObjectSource, ClusterRead } from './types';

/**
 * Options of {@link ManifestsSource}.
 * @public
 */
export interface ManifestsSourceOptions {
  /** files or folders (searched recursively for .yaml, .yml and .json), relative to `baseDir` */
  paths: string[];
  /** directory the paths are relative to (default: the process working directory) */
  baseDir?: string;
  /** cluster name the objects are reported under (default `manifests`) */
  cluster?: string;
  /** largest manifest file read, in bytes (default 10 MiB); larger files make the read an `error` */
  maxFileBytes?: number;
  /** clock for `lastSuccessAt` (tests) */
  clock?: () => Date;
}

/** A failure that is the user's input, reported as `file:line: reason` or `path: reason`. */
class ManifestsReadError extends Error {}

/**
 * Cluster objects from manifest files, standing in for a cluster (the demo,
 * or a GitOps repository, or a folder mounted from a ConfigMap). The files are
 * re-read on every read, walked as the CLI walks them: symbolic links followed
 * (once each, loops stopped), dot-entries skipped. Any unreadable path or
 * unparseable file makes the whole read an `error` (with `file:line: reason`):
 * half a folder would give a misleading posture.
 *
 * Status messages are served to every reader of the report, so they name files
 * relative to the configured paths: a relative path as configured, an absolute
 * one by its last segment (`/srv/gitops/mesh` shows as `mesh/...`), never the
 * server's absolute paths.
 * @public
 */
export class ManifestsSource implements ClusterObjectSource {
  readonly name: string;
  private readonly cluster: string;
  private readonly baseDir: string;
  private readonly paths: string[];
  private readonly maxFileBytes: number;
  private readonly clock: () => Date;
  private lastSuccessAt?: string;

  constructor(options: ManifestsSourceOptions) {
    if (options.paths.length === 0) {
      throw new Error('ManifestsSource needs at least one path');
    }
    this.cluster = options.cluster ?? 'manifests';
    this.name =
      this.cluster === 'manifests' ? 'manifests' : `manifests:${this.cluster}`;
    this.baseDir = resolve(options.baseDir ?? process.cwd());
    this.paths = options.paths;
    this.maxFileBytes = options.maxFileBytes ?? MAX_MANIFEST_BYTES;
    this.clock = options.clock ?? (() => new Date());
  }

  async read(): Promise<ClusterRead[]> {
    try {
      const files = await this.manifestFiles();
      if (files.length === 0) {
        throw new ManifestsReadError(
          `no .yaml, .yml or .json files under ${this.paths
            .map(shownRoot)
            .join(', ')}`,
        );
      }
      const objects: KubeObject[] = [];
      for (const file of files) {
        for (const object of await this.parseFile(file)) objects.push(object);
      }
      this.lastSuccessAt = this.clock().toISOString();
      return [
        {
          cluster: this.cluster,
          objects,
          status: {
            name: this.name,
            kind: 'manifests',
            state: 'ok',
            lastSuccessAt: this.lastSuccessAt,
          },
        },
      ];
    } catch (error) {
      return [
        {
          cluster: this.cluster,
          objects: [],
          status: {
            name: this.name,
            kind: 'manifests',
            state: 'error',
            message: describeReadError(error),
            ...(this.lastSuccessAt && { lastSuccessAt: this.lastSuccessAt }),
          },
        },
      ];
    }
  }

  /** Files under every configured path, each once, in a stable order. */
  private async manifestFiles(): Promise<ManifestFile[]> {
    const files: ManifestFile[] = [];
    const seen = new Set<string>();
    for (const path of this.paths) {
      const found = await listManifestFiles(
        resolve(this.baseDir, path),
        shownRoot(path),
      );
      for (const file of found) {
        if (seen.has(file.id)) continue;
        seen.add(file.id);
        files.push(file);
      }
    }
    return files;
  }

  private async parseFile(file: ManifestFile): Promise<KubeObject[]> {
    const text = await readManifestText(file, this.maxFileBytes);
    return parseManifests(text, file.shown, { maxBytes: this.maxFileBytes });
  }
}

/** How a configured path is named in messages (see {@link ManifestsSource}). */
function shownRoot(path: string): string {
  const normal = normalize(path);
  const escapes = normal === '..' || normal.startsWith(`..${sep}`);
  if (!isAbsolute(normal) && !escapes) return normal;
  return basename(normal) || '.';
}

/**
 * The status message: the reader's own words for bad input; for anything
 * else only its kind, since messages of Node and libraries may carry
 * absolute paths.
 */
function describeReadError(error: unknown): string {
  // by name too: a second copy of the node package has its own class
  if (
    error instanceof ManifestsReadError ||
    (error instanceof Error && error.name === 'ManifestPathError')
  )
    return error.message;
  if (isManifestError(error))
    return `${error.file}:${error.line}: ${error.reason}`;
  const code = (error as { code?: unknown } | null)?.code;
  return `cannot read manifests${typeof code === 'string' ? ` (${code})` : ''}`;
}

/** ManifestError of the node package, recognised by shape so a second copy of the class still matches. */
function isManifestError(
  error: unknown,
): error is { file: string; line: number; reason: string } {
  const e = error as { file?: unknown; line?: unknown; reason?: unknown };
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.file === 'string' &&
    typeof e.line === 'number' &&
    typeof e.reason === 'string'
  );
}
