import type { SourceDocument, ValuePath } from './document';
import { lineAtOffset } from './document';
import { ManifestError } from './ManifestError';
import { MAX_MANIFEST_DEPTH, MAX_YAML_FALLBACK_BYTES } from './limits';
import { describeJsonSyntaxError } from '../metrics/jsonSyntaxError';
import { jsonErrorOffset } from './jsonErrorOffset';
import { indexContainer, scanJson } from './jsonScan';
import type { JsonNode } from './jsonScan';

/**
 * JSON fast path: `kubectl get -o json` dumps are large and JSON.parse is two
 * orders of magnitude faster than a YAML composer. One more linear pass
 * (see ./jsonScan) rejects duplicate keys and deep nesting and finds where
 * the items start. Returns undefined when a small text is not valid JSON: the
 * caller reads it as YAML (flow style looks like JSON), which reports the
 * error with its line. A large invalid text is reported here.
 * @throws ManifestError
 */
export function parseJsonDocument(
  text: string,
  file: string,
): SourceDocument | undefined {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let value: unknown;
  try {
    // JSON.parse rejects a byte order mark; offsets below still count it
    value = JSON.parse(start ? text.slice(1) : text);
  } catch (error) {
    if (text.length <= MAX_YAML_FALLBACK_BYTES) return undefined;
    const { line, reason } = describeJsonSyntaxError(text, error);
    const at = line ?? lineAtOffset(text, Math.max(0, jsonErrorOffset(text)));
    throw new ManifestError(file, at, `invalid JSON: ${reason}`);
  }
  const scan = scanJson(text, start, MAX_MANIFEST_DEPTH);
  if (scan.tooDeep)
    throw new ManifestError(
      file,
      scan.tooDeep.line,
      `nesting deeper than ${MAX_MANIFEST_DEPTH} levels`,
    );
  if (scan.duplicateKey)
    throw new ManifestError(
      file,
      scan.duplicateKey.line,
      `duplicate key ${JSON.stringify(
        scan.duplicateKey.key,
      )} (JSON.parse would keep only the last one)`,
    );
  const root = scan.root;
  return {
    value,
    line: root.line,
    depthChecked: true,
    lineOf: path => nodeAt(text, root, path)?.line,
  };
}

/** The node of the value at `path` below `root`, indexing containers on the way. */
export function nodeAt(
  text: string,
  root: JsonNode,
  path: ValuePath,
): JsonNode | undefined {
  let node = root;
  for (const segment of path) {
    // containers the scan did not index are indexed once, when first asked
    node.children ??= indexContainer(text, node);
    const child = childOf(node.children, segment);
    if (!child) return undefined;
    node = child;
  }
  return node;
}

function childOf(
  children: Map<string, JsonNode> | JsonNode[],
  segment: string | number,
): JsonNode | undefined {
  if (!Array.isArray(children)) return children.get(String(segment));
  return typeof segment === 'number' ? children[segment] : undefined;
}
