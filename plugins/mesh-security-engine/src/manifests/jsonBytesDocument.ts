import type { SourceDocument, ValuePath } from './document';
import { isPlainObject } from './document';
import { MAX_MANIFEST_DEPTH } from './limits';
import { nodeAt } from './jsonDocument';
import { scanJson } from './jsonScan';
import { scanJsonList } from './jsonListScan';
import type { JsonListScan } from './jsonListScan';

/**
 * A JSON List read from its bytes item by item (see ./jsonListScan): each item
 * is decoded and parsed on its own, so no text as large as the file is ever
 * made, and the line of every item is known from the scan. Undefined whenever
 * that is not certain to give what `JSON.parse` of the whole text gives, and
 * the caller reads the text instead (which also words any error).
 */
export interface JsonListBytes {
  /** the root object, its `items` an empty array */
  envelope: Record<string, unknown>;
  itemCount: number;
  /** the item's value; throws what `JSON.parse` throws */
  parseItem(index: number): unknown;
  /** the document, its `items` the given values */
  document(items: unknown[]): SourceDocument;
}

/** Scans the bytes and parses all but the items (see {@link JsonListBytes}). */
export function openJsonListBytes(
  bytes: Uint8Array,
): JsonListBytes | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const start = hasByteOrderMark(buffer) ? 3 : 0;
  const scan = scanJsonList(buffer, start, MAX_MANIFEST_DEPTH);
  if (!scan) return undefined;
  let envelope: unknown;
  try {
    envelope = JSON.parse(
      `${buffer.toString('utf8', start, scan.itemsOpen)}[]${buffer.toString(
        'utf8',
        scan.itemsClose + 1,
        buffer.length,
      )}`,
    );
  } catch {
    return undefined;
  }
  if (!isPlainObject(envelope) || !Array.isArray(envelope.items))
    return undefined;
  const value = envelope;
  return {
    envelope: value,
    itemCount: scan.itemStart.length,
    parseItem: k =>
      JSON.parse(buffer.toString('utf8', scan.itemStart[k], scan.itemEnd[k])),
    document: items => {
      value.items = items;
      return {
        value,
        line: scan.rootLine,
        depthChecked: true,
        lineOf: path => lineOf(buffer, start, scan, path),
      };
    },
  };
}

/** The whole List as one document, every item parsed. */
export function parseJsonListBytes(
  bytes: Uint8Array,
): SourceDocument | undefined {
  const list = openJsonListBytes(bytes);
  if (!list) return undefined;
  const items: unknown[] = new Array(list.itemCount);
  try {
    for (let k = 0; k < items.length; k++) items[k] = list.parseItem(k);
  } catch {
    return undefined;
  }
  return list.document(items);
}

/** Lines inside an item are found in that item's text alone; elsewhere in the whole text. */
function lineOf(
  buffer: Buffer,
  start: number,
  scan: JsonListScan,
  path: ValuePath,
): number | undefined {
  if (path.length === 0) return scan.rootLine;
  if (path[0] === 'items') {
    if (path.length === 1) return scan.itemsLine;
    const k = path[1];
    if (typeof k !== 'number' || k >= scan.itemStart.length) return undefined;
    // an item's own line is known from the scan: no need to decode it again
    if (path.length === 2) return scan.itemLine[k];
    const text = buffer.toString('utf8', scan.itemStart[k], scan.itemEnd[k]);
    return nodeAt(text, { offset: 0, line: scan.itemLine[k] }, path.slice(2))
      ?.line;
  }
  const text = buffer.toString('utf8');
  return nodeAt(
    text,
    scanJson(text, start ? 1 : 0, MAX_MANIFEST_DEPTH).root,
    path,
  )?.line;
}

function hasByteOrderMark(buffer: Buffer): boolean {
  return buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
}
