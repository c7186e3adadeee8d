/**
 * JSON put together from pieces that are JSON already (the what-if worker's
 * answers, as UTF-8): sent as they came, never parsed nor stringified again
 * on the thread that answers requests.
 */

const asBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** `[item, …]` */
export function rawJsonArray(items: Uint8Array[]): Buffer {
  const pieces: Buffer[] = [Buffer.from('[')];
  for (const [i, item] of items.entries()) {
    if (i > 0) pieces.push(Buffer.from(','));
    pieces.push(asBuffer(item));
  }
  pieces.push(Buffer.from(']'));
  return Buffer.concat(pieces);
}

/** `{"name": value, …}`, each value JSON already */
export function rawJsonObject(fields: Array<[string, Uint8Array]>): Buffer {
  const pieces: Buffer[] = [];
  for (const [i, [name, value]] of fields.entries()) {
    pieces.push(Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:`));
    pieces.push(asBuffer(value));
  }
  pieces.push(Buffer.from(fields.length === 0 ? '{}' : '}'));
  return Buffer.concat(pieces);
}
