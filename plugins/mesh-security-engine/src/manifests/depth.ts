import { MAX_MANIFEST_DEPTH } from './limits';
import type { ValuePath } from './document';

/**
 * Path to the first map or list nested deeper than the limit (the document is
 * level 1), or undefined. Recursion stops at the limit, so it is stack-safe on
 * any input, including values that aliases made deep.
 */
export function findTooDeep(value: unknown): ValuePath | undefined {
  return visit(value, 1, []);
}

function visit(
  value: unknown,
  depth: number,
  path: Array<string | number>,
): ValuePath | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_MANIFEST_DEPTH) return path;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (typeof child !== 'object' || child === null) continue;
    path.push(key);
    const found = visit(child, depth + 1, path);
    if (found) return found;
    path.pop();
  }
  return undefined;
}
