/**
 * The fast path for a large JSON List read as bytes (`kubectl get -A -o json`):
 * one pass over the UTF-8 bytes that finds where each item of the root's
 * `items` array starts and ends and on which line, so each item can be decoded
 * and parsed on its own (no text as large as the file, and far less memory).
 * The same pass rejects what `JSON.parse` would accept silently: duplicate
 * keys and nesting deeper than the limit.
 *
 * It only ever says "this is a regular List" or "not sure": anything else —
 * a duplicate, too deep, an escape or a non-ASCII byte inside a key, an item that is not an
 * object, a root without `items`, broken syntax — returns undefined and the
 * caller reads the text the slow way, which explains the problem with its
 * line. The items and the rest of the document are each given to `JSON.parse`,
 * which validates what this pass does not (strings, numbers, literals).
 */

/** Where the items of a List are in its bytes. */
export interface JsonListScan {
  /** line of the root object */
  rootLine: number;
  /** offsets of the items array's `[` and `]` */
  itemsOpen: number;
  itemsClose: number;
  itemsLine: number;
  /** per item: first byte (`{`), one past its last byte (`}`), 1-based line */
  itemStart: number[];
  itemEnd: number[];
  itemLine: number[];
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
/** `items` */
const ITEMS = [105, 116, 101, 109, 115];
/** Objects with more keys than this check duplicates in a Map. */
const SMALL_OBJECT = 32;

/** Scans a List's bytes from `start` (after any byte order mark); see the file comment. */
export function scanJsonList(
  bytes: Uint8Array,
  start: number,
  maxDepth: number,
): JsonListScan | undefined {
  const n = bytes.length;
  let line = 1;
  let i = start;
  for (; i < n && bytes[i] <= 32; i++) if (bytes[i] === NEWLINE) line++;
  if (bytes[i] !== OPEN_OBJECT) return undefined;

  const isObject = new Uint8Array(maxDepth + 2);
  const frameStart = new Int32Array(maxDepth + 2);
  const bigObject: Array<Map<string, number> | undefined> = new Array(
    maxDepth + 2,
  ).fill(undefined);
  let keyStarts = new Int32Array(256);
  let keyEnds = new Int32Array(256);
  let hashes = new Int32Array(256);
  let top = 0;
  let depth = 0;
  let keyNext = false;
  // the latest key at depth 1 is `items`
  let itemsKey = false;

  const scan: JsonListScan = {
    rootLine: line,
    itemsOpen: -1,
    itemsClose: -1,
    itemsLine: 0,
    itemStart: [],
    itemEnd: [],
    itemLine: [],
  };
  // directly inside the items array: commas since the latest item
  let commas = 0;

  for (; i < n; i++) {
    const c = bytes[i];
    if (c <= 32) {
      if (c === NEWLINE) line++;
      continue;
    }
    const inItems = depth === 2 && scan.itemsClose < 0 && scan.itemsOpen >= 0;
    if (inItems && c !== OPEN_OBJECT && c !== COMMA && c !== CLOSE_ARRAY)
      return undefined;
    if (c === QUOTE) {
      let j = i + 1;
      if (keyNext) {
        for (; j < n; j++) {
          const d = bytes[j];
          if (d === QUOTE) break;
          // Keys with escapes are compared decoded, by the slow path; so are
          // keys beyond ASCII (an invalid sequence decodes to U+FFFD, so
          // keys of different bytes could be equal as text).
          if (d === BACKSLASH || d >= 0x80) return undefined;
        }
        if (j >= n) return undefined;
        if (depth === 1) itemsKey = isItemsKey(bytes, i + 1, j);
        const big = bigObject[depth];
        if (big) {
          const key = latin1(bytes, i + 1, j);
          if (big.has(key)) return undefined;
          big.set(key, i);
        } else {
          const hash = rawHash(bytes, i + 1, j);
          for (let k = frameStart[depth]; k < top; k++) {
            if (
              hashes[k] === hash &&
              sameBytes(bytes, keyStarts[k], keyEnds[k], i + 1, j)
            )
              return undefined;
          }
          if (top === hashes.length) {
            hashes = grow(hashes);
            keyStarts = grow(keyStarts);
            keyEnds = grow(keyEnds);
          }
          hashes[top] = hash;
          keyStarts[top] = i + 1;
          keyEnds[top++] = j;
          if (top - frameStart[depth] > SMALL_OBJECT) {
            const map = new Map<string, number>();
            for (let k = frameStart[depth]; k < top; k++)
              map.set(latin1(bytes, keyStarts[k], keyEnds[k]), keyStarts[k]);
            bigObject[depth] = map;
            top = frameStart[depth];
          }
        }
        keyNext = false;
      } else {
        for (; j < n; j++) {
          const d = bytes[j];
          if (d === QUOTE) break;
          if (d === BACKSLASH) j++;
        }
        if (j >= n) return undefined;
      }
      i = j;
      continue;
    }
    if (c === COMMA) {
      if (inItems && ++commas > 1) return undefined;
      keyNext = isObject[depth] === 1;
    } else if (c === COLON) {
      keyNext = false;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (inItems) {
        // an item: right after `[`, or after exactly one comma
        if (commas !== (scan.itemStart.length ? 1 : 0)) return undefined;
        commas = 0;
        scan.itemStart.push(i);
        scan.itemLine.push(line);
      } else if (
        depth === 1 &&
        c === OPEN_ARRAY &&
        itemsKey &&
        scan.itemsOpen < 0
      ) {
        scan.itemsOpen = i;
        scan.itemsLine = line;
      }
      depth++;
      if (depth > maxDepth) return undefined;
      isObject[depth] = c === OPEN_OBJECT ? 1 : 0;
      frameStart[depth] = top;
      keyNext = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0 || isObject[depth] !== (c === CLOSE_OBJECT ? 1 : 0))
        return undefined;
      if (inItems) {
        // the items array closes: no comma may dangle
        if (commas !== 0) return undefined;
        scan.itemsClose = i;
      }
      top = frameStart[depth];
      bigObject[depth] = undefined;
      depth--;
      keyNext = false;
      if (depth === 2 && scan.itemsOpen >= 0 && scan.itemsClose < 0)
        scan.itemEnd.push(i + 1);
      if (depth === 0) {
        // only blanks may follow the document
        for (i++; i < n; i++) if (bytes[i] > 32) return undefined;
        break;
      }
    }
  }
  if (depth !== 0 || scan.itemsClose < 0) return undefined;
  return scan;
}

function isItemsKey(bytes: Uint8Array, from: number, to: number): boolean {
  if (to - from !== ITEMS.length) return false;
  for (let k = 0; k < ITEMS.length; k++)
    if (bytes[from + k] !== ITEMS[k]) return false;
  return true;
}

function sameBytes(
  bytes: Uint8Array,
  aFrom: number,
  aTo: number,
  bFrom: number,
  bTo: number,
): boolean {
  if (aTo - aFrom !== bTo - bFrom) return false;
  for (let k = 0; k < aTo - aFrom; k++)
    if (bytes[aFrom + k] !== bytes[bFrom + k]) return false;
  return true;
}

/** One character per byte: equal strings for equal byte sequences, whatever the encoding. */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(
    'latin1',
    from,
    to,
  );
}

/** Length and five bytes of `bytes[from, to)`: enough to tell the keys of one object apart. */
function rawHash(bytes: Uint8Array, from: number, to: number): number {
  const length = to - from;
  if (length === 0) return 0;
  let hash = Math.imul(length, 0x01000193) ^ bytes[from];
  hash = Math.imul(hash, 0x01000193) ^ bytes[to - 1];
  hash = Math.imul(hash, 0x01000193) ^ bytes[from + (length >> 1)];
  hash = Math.imul(hash, 0x01000193) ^ bytes[from + (length >> 2)];
  return Math.imul(hash, 0x01000193) ^ bytes[to - 1 - (length >> 2)];
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
