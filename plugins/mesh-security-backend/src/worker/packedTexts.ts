/**
 * Texts handed from the refresh worker to the main thread as one buffer of
 * UTF-8: a string in a worker message is copied on the receiving thread, in
 * one block (tens of ms per 10 MB), while a buffer costs nothing to hand over.
 * Each text is decoded on its own, when it is needed.
 *
 * The buffer is shared memory rather than a transferred `ArrayBuffer`: V8
 * counts a transferred buffer as external memory of the isolate receiving it,
 * and at 4x the ~300 MB handed over at the end of a refresh crossed V8's
 * 64 MB step at once, so the main thread started a full collection right then
 * ("external memory pressure"), on the turn that also receives the report.
 * Shared memory is not counted per isolate; it is freed once both threads'
 * collectors have let go of their handles.
 */

export interface PackedTexts {
  buffer: SharedArrayBuffer;
  /** byte offset where each text ends */
  ends: number[];
}

export function packTexts(texts: string[]): PackedTexts {
  const ends: number[] = [];
  let size = 0;
  for (const text of texts) {
    size += Buffer.byteLength(text);
    ends.push(size);
  }
  const buffer = new SharedArrayBuffer(size);
  const bytes = Buffer.from(buffer);
  let offset = 0;
  for (const text of texts) offset += bytes.write(text, offset);
  return { buffer, ends };
}

/** The UTF-8 bytes of text `index`: a view of the packed buffer, nothing copied. */
export function bytesAt(packed: PackedTexts, index: number): Buffer {
  const start = index === 0 ? 0 : packed.ends[index - 1];
  return Buffer.from(packed.buffer, start, packed.ends[index] - start);
}

export function textAt(packed: PackedTexts, index: number): string {
  return bytesAt(packed, index).toString('utf8');
}

/** `count` texts from `from`, each decoded when it is reached. */
export function* textsIn(
  packed: PackedTexts,
  from: number,
  count: number,
): Generator<string> {
  for (let i = 0; i < count; i++) yield textAt(packed, from + i);
}

/** `count` texts from `from` as their UTF-8 bytes (views): written to the database without a string on this thread. */
export function* bytesIn(
  packed: PackedTexts,
  from: number,
  count: number,
): Generator<Buffer> {
  for (let i = 0; i < count; i++) yield bytesAt(packed, from + i);
}

/** characters per slice of a long text written to the database */
export const SLICE_CHARS = 256 * 1024;

/** `text` in slices of at most `size` characters, never cutting a surrogate pair. */
export function sliceText(text: string, size = SLICE_CHARS): string[] {
  const slices: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) {
      // a pair never splits; a slice of one character takes the whole pair
      end = end - 1 > start ? end - 1 : end + 1;
    }
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices;
}
