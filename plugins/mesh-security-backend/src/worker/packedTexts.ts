/**
 * Texts handed from the refresh worker to the main thread as UTF-8 in a few
 * buffers: a string in a worker message is copied on the receiving thread, in
 * one block (tens of ms per 10 MB), while a buffer costs nothing to hand over.
 * Each text is decoded on its own, when it is needed.
 *
 * The buffers are shared memory rather than transferred `ArrayBuffer`s: V8
 * counts a transferred buffer as external memory of the isolate receiving it,
 * and at 4x the ~300 MB handed over at the end of a refresh crossed V8's
 * 64 MB step at once, so the main thread started a full collection right then
 * ("external memory pressure"), on the turn that also receives the report.
 * Shared memory is not counted per isolate; it is freed once both threads'
 * collectors have let go of their handles.
 *
 * Texts are written as they are made ({@link TextPacker}): at 4x, packing
 * them only once all were made held the report's parts and the what-if
 * input's JSON as strings (~200 MB) next to their copy in the buffers, the
 * worker's peak.
 */
import { AllocateChunk, sharedMemory, TextArena } from '../snapshot/textArena';

export interface PackedTexts {
  /** the shared buffers the texts lie in */
  chunks: SharedArrayBuffer[];
  /** per text, in order: its chunk's index, start and end (bytes) */
  spans: Uint32Array;
}

/** characters per slice of a long text written to the database */
export const SLICE_CHARS = 256 * 1024;

/** Writes texts into shared buffers as they come, and hands them over packed. */
export class TextPacker {
  private readonly arena: TextArena;
  private readonly chunks = new Map<SharedArrayBuffer, number>();
  private readonly spans: number[] = [];

  /** `allocate` must give shared memory (e.g. a `ChunkPool`'s) */
  constructor(allocate: AllocateChunk = sharedMemory) {
    this.arena = new TextArena({ allocate });
  }

  /** texts added so far */
  get count(): number {
    return this.spans.length / 3;
  }

  add(text: string): void {
    const { chunk, start, end } = this.arena.add(text);
    // the arena allocates shared memory only
    const buffer = chunk.buffer as SharedArrayBuffer;
    let index = this.chunks.get(buffer);
    if (index === undefined) {
      index = this.chunks.size;
      this.chunks.set(buffer, index);
    }
    this.spans.push(index, chunk.byteOffset + start, chunk.byteOffset + end);
  }

  /**
   * One text, given in pieces (e.g. `jsonPieces`), written as slices of at
   * most `size` characters, each cut between pieces (or inside a longer piece
   * by {@link sliceText}): the whole text is never one string. Returns the
   * number of slices.
   */
  addSliced(pieces: Iterable<string>, size = SLICE_CHARS): number {
    const before = this.count;
    let pending: string[] = [];
    let length = 0;
    const flush = () => {
      if (pending.length > 0) this.add(pending.join(''));
      pending = [];
      length = 0;
    };
    for (const piece of pieces) {
      if (length + piece.length > size) flush();
      if (piece.length > size) {
        for (const slice of sliceText(piece, size)) this.add(slice);
      } else {
        pending.push(piece);
        length += piece.length;
      }
    }
    flush();
    return this.count - before;
  }

  pack(): PackedTexts {
    const spans = new Uint32Array(
      new SharedArrayBuffer(this.spans.length * Uint32Array.BYTES_PER_ELEMENT),
    );
    spans.set(this.spans);
    return { chunks: [...this.chunks.keys()], spans };
  }
}

export function packTexts(texts: Iterable<string>): PackedTexts {
  const packer = new TextPacker();
  for (const text of texts) packer.add(text);
  return packer.pack();
}

/** How many texts `packed` holds. */
export function countOf(packed: PackedTexts): number {
  return packed.spans.length / 3;
}

/** The UTF-8 bytes of text `index`: a view of its shared buffer, nothing copied. */
export function bytesAt(packed: PackedTexts, index: number): Buffer {
  const { chunks, spans } = packed;
  const at = 3 * index;
  if (index < 0 || at + 2 >= spans.length) {
    throw new Error(`no packed text ${index}`);
  }
  const chunk = chunks[spans[at]];
  const [start, end] = [spans[at + 1], spans[at + 2]];
  if (!chunk || start > end || end > chunk.byteLength) {
    throw new Error(`packed text ${index} lies outside its buffers`);
  }
  return Buffer.from(chunk, start, end - start);
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
