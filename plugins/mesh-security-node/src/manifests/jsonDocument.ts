import type { SourceDocument, ValuePath } from './document';
import { lineAtOffset } from './document';

/**
 * JSON fast path: `kubectl get -o json` dumps are large and JSON.parse is two
 * orders of magnitude faster than a YAML composer. Lines are only needed for
 * errors, so they are found lazily by scanning the text. Returns undefined when
 * the text is not valid JSON (the caller then reads it as YAML, which reports
 * the error with its line).
 */
export function parseJsonDocument(text: string): SourceDocument | undefined {
  let value: unknown;
  try {
    // JSON.parse rejects a byte order mark; offsets below still count it
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
  const start = skipWhitespace(text, 0);
  return {
    value,
    line: lineAtOffset(text, start),
    lineOf: path => {
      const offset = offsetOfPath(text, start, path);
      return offset === undefined ? undefined : lineAtOffset(text, offset);
    },
  };
}

function offsetOfPath(
  text: string,
  start: number,
  path: ValuePath,
): number | undefined {
  let i = start;
  for (const segment of path) {
    const open = text[i];
    if (open === '{') {
      i = memberValue(text, i + 1, String(segment));
    } else if (open === '[' && typeof segment === 'number') {
      i = elementValue(text, i + 1, segment);
    } else {
      return undefined;
    }
    if (i < 0) return undefined;
  }
  return i;
}

/** Offset of the value of member `key` of the object whose body starts at `i`, or -1. */
function memberValue(text: string, from: number, key: string): number {
  let i = skipWhitespace(text, from);
  while (i < text.length && text[i] === '"') {
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd));
    i = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past ':'
    if (name === key) return i;
    i = skipWhitespace(text, skipValue(text, i));
    if (text[i] === ',') i = skipWhitespace(text, i + 1);
  }
  return -1;
}

function elementValue(text: string, from: number, index: number): number {
  let i = skipWhitespace(text, from);
  for (let n = 0; i < text.length && text[i] !== ']'; n++) {
    if (n === index) return i;
    i = skipWhitespace(text, skipValue(text, i));
    if (text[i] === ',') i = skipWhitespace(text, i + 1);
  }
  return -1;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // space, tab, LF, CR, BOM
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) break;
    i++;
  }
  return i;
}

function skipString(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2; // backslash escapes the next character
    else if (c === 34) return i + 1;
    else i++;
  }
  return i;
}

/** Offset just past the JSON value starting at `from` (iterative: depth is unbounded here). */
function skipValue(text: string, from: number): number {
  let i = from;
  let depth = 0;
  do {
    const c = text[i];
    if (c === '"') {
      i = skipString(text, i);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (depth === 0) {
      // a scalar: number, true, false, null
      while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
      return i;
    }
    i++;
  } while (depth > 0 && i < text.length);
  return i;
}
