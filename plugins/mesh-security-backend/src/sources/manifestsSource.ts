import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import { parseManifests } from '@mesh-security/plugin-mesh-security-node';
import type { ClusterObjectSource, ClusterRead } from './types';
import { describeError } from './errors';

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
  /** clock for `lastSuccessAt` (tests) */
  clock?: () => Date;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** A failure that is the user's input, reported as `file:line: reason` or `path: reason`. */
class ManifestsReadError extends Error {}

/**
 * Cluster objects from manifest files, standing in for a cluster (the demo,
 * or a GitOps repository). The files are re-read on every read. Any unreadable
 * path or unparseable file makes the whole read an `error` (with
 * `file:line: reason`): half a folder would give a misleading posture.
 * @public
 */
export class ManifestsSource implements ClusterObjectSource {
  readonly name: string;
  private readonly cluster: string;
  private readonly baseDir: string;
  private readonly paths: string[];
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
    this.clock = options.clock ?? (() => new Date());
  }

  async read(): Promise<ClusterRead[]> {
    try {
      const files: string[] = [];
      for (const path of this.paths) {
        files.push(...(await this.manifestFiles(path)));
      }
      if (files.length === 0) {
        throw new ManifestsReadError(
          `no .yaml, .yml or .json files under ${this.paths.join(', ')}`,
        );
      }
      const objects: KubeObject[] = [];
      for (const file of [...new Set(files)]) {
        objects.push(...(await this.parseFile(file)));
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
            message: describeError(error),
            ...(this.lastSuccessAt && { lastSuccessAt: this.lastSuccessAt }),
          },
        },
      ];
    }
  }

  /** Manifest files under one configured path, sorted for a stable object order. */
  private async manifestFiles(path: string): Promise<string[]> {
    const absolute = resolve(this.baseDir, path);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ManifestsReadError(
        `${path}: ${code === 'ENOENT' ? 'not found' : `cannot read (${code})`}`,
      );
    }
    if (info.isFile()) return [absolute];
    if (!info.isDirectory()) {
      throw new ManifestsReadError(`${path}: not a file or folder`);
    }
    const entries = await readdir(absolute, {
      recursive: true,
      withFileTypes: true,
    });
    return entries
      .filter(e => e.isFile() && MANIFEST_FILE.test(e.name))
      .map(e => join(e.parentPath, e.name))
      .filter(
        file =>
          !relative(absolute, file)
            .split(/[\\/]/)
            .some(p => p.startsWith('.')),
      )
      .sort();
  }

  private async parseFile(file: string): Promise<KubeObject[]> {
    const shown = relative(this.baseDir, file) || file;
    const text = await readFile(file, 'utf8');
    try {
      return parseManifests(text, shown);
    } catch (error) {
      if (isManifestError(error)) {
        throw new ManifestsReadError(
          `${error.file}:${error.line}: ${error.reason}`,
        );
      }
      throw new ManifestsReadError(`${shown}: ${describeError(error)}`);
    }
  }
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
