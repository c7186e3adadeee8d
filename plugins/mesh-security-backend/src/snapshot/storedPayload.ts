import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';

/**
 * A payload to write: JSON text, or its UTF-8 bytes as the refresh worker
 * handed them over. Read back, a payload is a string, or (rows earlier
 * versions wrote as bytes on SQLite) a Buffer of the text's bytes.
 */
export type StoredPayload = string | Uint8Array;

/**
 * How a part row's payload is stored (its `encoding` column): absent for
 * JSON text, `deflate` for the raw deflate of the text's UTF-8 bytes in
 * base64, which any database's text column takes.
 */
export type PayloadEncoding = 'deflate';

/** A part row's payload as read. */
export interface StoredPart {
  payload: StoredPayload;
  encoding?: string | null;
}

/** A part row's payload as written. */
export interface EncodedPayload {
  payload: string;
  encoding: PayloadEncoding;
}

const deflate = promisify(deflateRaw);

/**
 * A fast level: at 3 the bench's parts deflated 18–37× at 260–440 MB/s; 6
 * made them up to a third smaller at a third of the speed, which the end of
 * every refresh would wait for.
 */
const LEVEL = 3;

/**
 * The payload compressed for storage. zlib's asynchronous call runs in
 * libuv's thread pool, so neither the serving thread nor the refresh worker
 * spends its time on it.
 */
export async function encodePayload(
  payload: StoredPayload,
): Promise<EncodedPayload> {
  const bytes =
    typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const deflated = await deflate(bytes, { level: LEVEL });
  return { payload: deflated.toString('base64'), encoding: 'deflate' };
}

/** The JSON text of a stored payload, however it was encoded. */
export function payloadText(
  payload: StoredPayload,
  encoding?: string | null,
): string {
  const text = typeof payload === 'string' ? payload : bytesText(payload);
  if (!encoding) return text;
  if (encoding !== 'deflate') {
    throw new Error(
      `a stored part is encoded as '${encoding}', which this version of the plugin cannot read`,
    );
  }
  try {
    return inflateRawSync(Buffer.from(text, 'base64')).toString('utf8');
  } catch (error) {
    throw new Error(
      `a stored part does not inflate: ${(error as Error).message}`,
    );
  }
}

function bytesText(payload: Uint8Array): string {
  return Buffer.from(
    payload.buffer,
    payload.byteOffset,
    payload.byteLength,
  ).toString('utf8');
}

/**
 * A text stored in parts, as read from the database and not yet decoded, or
 * the text itself. Large stored texts (last good lists, metrics) are handed
 * to the refresh worker so: inflated and joined there, never on the main
 * thread, where a 4x mesh's ~30 MB would be one block of its time twice over
 * (joined, then copied into the worker's message).
 */
export type StoredText = string | StoredPart[];

/** The text of `stored`, its parts decoded and joined. */
export function storedTextOf(stored: StoredText): string {
  return typeof stored === 'string'
    ? stored
    : stored.map(p => payloadText(p.payload, p.encoding)).join('');
}
