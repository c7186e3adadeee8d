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
 * made, and the line of every item is known from the scan. Returns undefined
 * whenever that is not certain to give what `JSON.parse` of the whole text
 * gives, and the caller reads the text instead (which also words any error).
 */
export function parseJsonListBytes(
  bytes: Uint8Array,
): SourceDocument | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const start = hasByteOrderMark(buffer) ? 3 : 0;
  const scan = scanJsonList(buffer, start, MAX_MANIFEST_DEPTH);
  if (!scan) return undefined;
  const decode = (from: number, to: number) =>
    buffer.toString('utf8', from, to);

  const items: unknown[] = new Array(scan.itemStart.length);
  let envelope: unknown;
  try {
    for (let k = 0; k < items.length; k++)
      items[k] = JSON.parse(decode(scan.itemStart[k], scan.itemEnd[k]));
    envelope = JSON.parse(
      `${decode(start, scan.itemsOpen)}[]${decode(
        scan.itemsClose + 1,
        buffer.length,
      )}`,
    );
  } catch {
    return undefined;
  }
  if (!isPlainObject(envelope) || !Array.isArray(envelope.items))
    return undefined;
  envelope.items = items;
  return {
    value: envelope,
    line: scan.rootLine,
    depthChecked: true,
    lineOf: path => lineOf(buffer, start, scan, path),
  };
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
