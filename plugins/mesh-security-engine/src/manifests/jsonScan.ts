/**
 * One linear pass over a JSON text that `JSON.parse` has already accepted, for
 * what `JSON.parse` does not tell: duplicate keys (it keeps the last one, so
 * `"mode": "DISABLE", "mode": "STRICT"` would silently read as STRICT), nesting
 * depth, and where values start. A `kubectl get -o json` dump is one List of
 * tens of thousands of objects; the start and line of every item are recorded in
 * this same pass, so finding them never re-reads the text.
 */

/** Where a value starts; `children` are its direct members or elements once indexed. */
export interface JsonNode {
  offset: number;
  line: number;
  children?: Map<string, JsonNode> | JsonNode[];
}

export interface JsonScan {
  root: JsonNode;
  /** the first container nested deeper than the limit */
  tooDeep?: { offset: number; line: number };
  /** the first key repeated within its object */
  duplicateKey?: { key: string; offset: number; line: number };
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const COLON = 58;
/** Objects with more keys than this check duplicates in a Map, not by comparing hashes one by one. */
const SMALL_OBJECT = 32;

/**
 * Scans `text` (valid JSON) from `start`. Stops at the first container deeper
 * than `maxDepth` (the document is level 1) or the first duplicate key.
 * The root's children and, when a child is an array, its elements (the items
 * of a List) are recorded.
 */
export function scanJson(
  text: string,
  start: number,
  maxDepth: number,
): JsonScan {
  const n = text.length;
  let line = 1;
  for (let i = 0; i < start; i++) if (text.charCodeAt(i) === NEWLINE) line++;

  // per open container (index = depth, 1-based): object or array, and where its keys start
  const isObject = new Uint8Array(maxDepth + 2);
  const frameStart = new Int32Array(maxDepth + 2);
  const bigObject: Array<Map<string, number> | undefined> = new Array(
    maxDepth + 2,
  ).fill(undefined);
  let hashes = new Int32Array(256);
  let keyOffsets = new Int32Array(256);
  let top = 0;
  let depth = 0;
  // a value may start at the next non-blank character (after `:`, `,` or `[`)
  let valueNext = true;
  let keyNext = false;
  // where the next backslash is (keys before it have no escapes)
  let nextBackslash = -1;

  // the root, and the latest child of the root (a List's `items`)
  const shallow: Shallow = { key: '' };
  let result: Pick<JsonScan, 'duplicateKey' | 'tooDeep'> = {};

  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      if (c === NEWLINE) line++;
      continue;
    }
    if (c === QUOTE) {
      if (keyNext) {
        // a key: its end found natively, a cheap hash of its length and a
        // few characters (a match is confirmed by comparing the keys)
        let j = text.indexOf('"', i + 1);
        if (nextBackslash < i) {
          const at = text.indexOf('\\', i);
          nextBackslash = at < 0 ? n : at;
        }
        let hash: number;
        if (nextBackslash < j) {
          // an escape inside (rare): hash the decoded key
          j = stringEnd(text, i);
          hash = hashOf(keyAt(text, i));
        } else hash = rawHash(text, i + 1, j);
        if (depth === 1) shallow.key = keyAt(text, i);
        const big = bigObject[depth];
        if (big) {
          const key = keyAt(text, i);
          if (big.has(key)) {
            result = { duplicateKey: { key, offset: i, line } };
            break;
          }
          big.set(key, i);
        } else {
          if (
            repeats(text, i, hash, hashes, keyOffsets, frameStart[depth], top)
          ) {
            result = {
              duplicateKey: { key: keyAt(text, i), offset: i, line },
            };
            break;
          }
          if (top === hashes.length) {
            hashes = grow(hashes);
            keyOffsets = grow(keyOffsets);
          }
          hashes[top] = hash;
          keyOffsets[top++] = i;
          if (top - frameStart[depth] > SMALL_OBJECT) {
            const map = new Map<string, number>();
            for (let k = frameStart[depth]; k < top; k++)
              map.set(keyAt(text, keyOffsets[k]), keyOffsets[k]);
            bigObject[depth] = map;
            top = frameStart[depth];
          }
        }
        keyNext = false;
        i = j;
        continue;
      }
      if (valueNext) {
        if (depth <= 2) valueAt(shallow, i, line, depth);
        valueNext = false;
      }
      i = stringEnd(text, i);
      continue;
    }
    if (c === COMMA) {
      if (isObject[depth]) keyNext = true;
      else valueNext = true;
    } else if (c === COLON) {
      valueNext = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (valueNext && depth <= 2) valueAt(shallow, i, line, depth);
      if (depth === 0)
        shallow.root!.children = c === OPEN_OBJECT ? new Map() : [];
      else if (depth === 1 && c === OPEN_ARRAY) shallow.child!.children = [];
      depth++;
      if (depth > maxDepth) {
        result = { tooDeep: { offset: i, line } };
        break;
      }
      isObject[depth] = c === OPEN_OBJECT ? 1 : 0;
      frameStart[depth] = top;
      keyNext = c === OPEN_OBJECT;
      valueNext = c === OPEN_ARRAY;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      top = frameStart[depth];
      bigObject[depth] = undefined;
      depth--;
      keyNext = false;
      valueNext = false;
    } else if (valueNext) {
      // a number, true, false or null
      if (depth <= 2) valueAt(shallow, i, line, depth);
      valueNext = false;
    }
  }
  return { root: shallow.root ?? { offset: start, line }, ...result };
}

interface Shallow {
  root?: JsonNode;
  child?: JsonNode;
  /** the latest key of the root object */
  key: string;
}

/** Records a value starting at `offset` inside `depth` open containers (0: the root itself). */
function valueAt(
  shallow: Shallow,
  offset: number,
  line: number,
  depth: number,
): void {
  const node: JsonNode = { offset, line };
  if (depth === 0) shallow.root = node;
  else if (depth === 1) {
    shallow.child = node;
    const kids = shallow.root!.children!;
    if (Array.isArray(kids)) kids.push(node);
    else kids.set(shallow.key, node);
  } else {
    const kids = shallow.child!.children;
    if (Array.isArray(kids)) kids.push(node);
  }
}

/** Whether the key at `offset` equals one of the keys `from`..`to` of its object (hash first). */
function repeats(
  text: string,
  offset: number,
  hash: number,
  hashes: Int32Array,
  keyOffsets: Int32Array,
  from: number,
  to: number,
): boolean {
  for (let k = from; k < to; k++) {
    if (
      hashes[k] === hash &&
      keyAt(text, keyOffsets[k]) === keyAt(text, offset)
    )
      return true;
  }
  return false;
}

/**
 * The direct members or elements of the container starting at `node.offset`
 * (valid JSON), for locating values the scan did not record.
 */
export function indexContainer(
  text: string,
  node: JsonNode,
): Map<string, JsonNode> | JsonNode[] {
  const open = text.charCodeAt(node.offset);
  const members = new Map<string, JsonNode>();
  const elements: JsonNode[] = [];
  if (open !== OPEN_OBJECT && open !== OPEN_ARRAY) return elements;
  let line = node.line;
  let depth = 0;
  let key = '';
  let valueNext = open === OPEN_ARRAY;
  let keyNext = open === OPEN_OBJECT;
  const record = (offset: number) => {
    if (open === OPEN_ARRAY) elements.push({ offset, line });
    else members.set(key, { offset, line });
  };
  for (let i = node.offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      if (c === NEWLINE) line++;
      continue;
    }
    if (c === QUOTE) {
      if (depth === 0 && keyNext) {
        key = keyAt(text, i);
        keyNext = false;
      } else if (depth === 0 && valueNext) {
        record(i);
        valueNext = false;
      }
      i = stringEnd(text, i);
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth === 0 && valueNext) record(i);
      valueNext = false;
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0) {
      if (c === COMMA) {
        keyNext = open === OPEN_OBJECT;
        valueNext = open === OPEN_ARRAY;
      } else if (c === COLON) valueNext = true;
      else if (valueNext) {
        record(i);
        valueNext = false;
      }
    }
  }
  return open === OPEN_ARRAY ? elements : members;
}

/** Offset of the closing quote of the string opening at `from`. */
function stringEnd(text: string, from: number): number {
  let j = from;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j < 0) return text.length;
    // the quote is escaped when an odd number of backslashes precedes it
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j;
  }
}

/** The decoded string opening at `from`. */
function keyAt(text: string, from: number): string {
  const end = stringEnd(text, from);
  const raw = text.slice(from + 1, end);
  return raw.includes('\\') ? JSON.parse(`"${raw}"`) : raw;
}

/** The hash of {@link rawHash}, of a decoded key. */
function hashOf(key: string): number {
  return rawHash(key, 0, key.length);
}

/** Length and five characters of `text[from, to)`: enough to tell the keys of one object apart. */
function rawHash(text: string, from: number, to: number): number {
  const length = to - from;
  if (length === 0) return 0;
  let hash = Math.imul(length, 0x01000193) ^ text.charCodeAt(from);
  hash = Math.imul(hash, 0x01000193) ^ text.charCodeAt(to - 1);
  hash = Math.imul(hash, 0x01000193) ^ text.charCodeAt(from + (length >> 1));
  hash = Math.imul(hash, 0x01000193) ^ text.charCodeAt(from + (length >> 2));
  return Math.imul(hash, 0x01000193) ^ text.charCodeAt(to - 1 - (length >> 2));
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
