import type { MeshMetrics } from '@mesh-security/plugin-mesh-security-common';
import {
  MeshMetricsError,
  parseMeshMetrics,
} from '@mesh-security/plugin-mesh-security-node';
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
    throw new InputError(
      describeJsonError(text, file, (error as Error).message),
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

/**
 * `file:line: not valid JSON (…)`. V8 states the position for most errors; for an
 * unexpected token it quotes the input instead, which is dropped (it can be huge).
 */
function describeJsonError(
  text: string,
  file: string,
  message: string,
): string {
  const position = /at position (\d+)/.exec(message);
  const line = position ? `:${lineAt(text, Number(position[1]))}` : '';
  const reason = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '');
  return `${file}${line}: not valid JSON (${reason})`;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) line++;
  return line;
}
