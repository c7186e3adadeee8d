import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';
import {
  MeshMetricsError,
  describeJsonSyntaxError,
  parseMeshMetrics,
} from '@mesh-security/mesh-security-engine';
import { InputError } from './errors';

/**
 * A MeshMetrics snapshot (the shape the backend's snapshot source and the demo's
 * examples/mesh/metrics-snapshot.json use). JSON syntax errors are reported here,
 * with their line; the content is checked by the engine's own validator, so the
 * CLI accepts exactly what the engine and the backend accept.
 */
export function parseMetrics(text: string, file: string): MeshMetrics {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // `file:line: not valid JSON (…)`, without the input V8 may quote
    const { line, reason } = describeJsonSyntaxError(text, error);
    throw new InputError(
      `${file}${line ? `:${line}` : ''}: not valid JSON (${reason})`,
    );
  }
  try {
    return parseMeshMetrics(value);
  } catch (error) {
    if (error instanceof MeshMetricsError)
      throw new InputError(`${file}: not a metrics snapshot: ${error.reason}`);
    throw error;
  }
}
