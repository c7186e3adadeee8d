import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type {
  MeshMetrics,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import {
  MeshMetricsError,
  describeJsonSyntaxError,
  parseMeshMetrics,
} from '@mesh-security/mesh-security-engine';
import type { MetricsRead, MetricsSource } from './types';
import { ALL_CLUSTERS } from './meshSamples';

/**
 * Options of {@link MetricsSnapshotSource}.
 * @public
 */
export interface MetricsSnapshotSourceOptions {
  /** path of a MeshMetrics JSON file, e.g. `examples/mesh/metrics-snapshot.json` */
  path: string;
  /** directory `path` is relative to (default: the process working directory) */
  baseDir?: string;
  /** clock for `lastSuccessAt` (tests) */
  clock?: () => Date;
}

/**
 * Istio metrics from a {@link @mesh-security/plugin-mesh-security-common#MeshMetrics}
 * JSON file, applied to every cluster (`*`). The file is re-read and validated
 * on every read; a missing or malformed file gives an `error` status, never
 * an empty "all clear".
 * @public
 */
export class MetricsSnapshotSource implements MetricsSource {
  readonly name = 'metrics-snapshot';
  private readonly file: string;
  private readonly clock: () => Date;
  private lastSuccessAt?: string;

  constructor(options: MetricsSnapshotSourceOptions) {
    this.file = resolve(options.baseDir ?? process.cwd(), options.path);
    this.clock = options.clock ?? (() => new Date());
  }

  async read(): Promise<MetricsRead> {
    const label = basename(this.file);
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return this.failure(
        `${label}: ${
          code === 'ENOENT'
            ? 'file not found'
            : `cannot read (${code ?? 'unknown error'})`
        }`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const { line, reason } = describeJsonSyntaxError(text, error);
      return this.failure(
        `${label}${line ? `:${line}` : ''}: invalid JSON (${reason})`,
      );
    }
    let metrics: MeshMetrics;
    try {
      metrics = parseMeshMetrics(json);
    } catch (error) {
      // the engine's validator, so the source accepts exactly what the engine will
      return this.failure(
        `${label}: ${
          error instanceof MeshMetricsError
            ? error.reason
            : (error as Error).message
        }`,
      );
    }
    this.lastSuccessAt = this.clock().toISOString();
    return {
      metrics: { [ALL_CLUSTERS]: metrics },
      status: {
        name: this.name,
        kind: 'metrics-snapshot',
        state: 'ok',
        lastSuccessAt: this.lastSuccessAt,
      },
    };
  }

  private failure(message: string): MetricsRead {
    const status: SourceStatus = {
      name: this.name,
      kind: 'metrics-snapshot',
      state: 'error',
      message,
    };
    if (this.lastSuccessAt) status.lastSuccessAt = this.lastSuccessAt;
    return { metrics: {}, status };
  }
}
