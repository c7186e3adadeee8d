/**
 * UTF-8 texts kept in a few large buffers outside V8's heap.
 *
 * Why: a string the main thread keeps is copied by the young-generation
 * collector when it is made and may be moved again when old space is
 * compacted. While a refresh decodes a four-times mesh, copying its 63 MB of
 * workload texts made those collections the longest stalls of the event
 * loop. Bytes in a buffer are neither marked nor moved.
 */

/** Where one text lies: read it back with `textOf`. */
export interface TextSpan {
  chunk: Buffer;
  start: number;
  end: number;
}

/** bytes of the largest chunk: a few per large mesh, and little left unused at the end */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** bytes of the first chunk: a small cluster's report takes no more; each next one doubles */
const FIRST_CHUNK_BYTES = 64 * 1024;

/** Makes a chunk (or a large text's own buffer) of `bytes`. */
export type AllocateChunk = (bytes: number) => Buffer;

/** unpooled: a chunk lives as long as the report that keeps its texts */
const ownMemory: AllocateChunk = bytes => Buffer.allocUnsafeSlow(bytes);

/** chunks another thread keeps as they are: the refresh worker's (see packedTexts) */
export const sharedMemory: AllocateChunk = bytes =>
  Buffer.from(new SharedArrayBuffer(bytes));

export interface TextArenaOptions {
  chunkBytes?: number;
  firstChunkBytes?: number;
  allocate?: AllocateChunk;
}

export class TextArena {
  private chunk?: Buffer;
  private used = 0;
  private nextChunkBytes: number;
  private readonly chunkBytes: number;
  private readonly allocate: AllocateChunk;

  constructor({
    chunkBytes = CHUNK_BYTES,
    firstChunkBytes = Math.min(FIRST_CHUNK_BYTES, chunkBytes),
    allocate = ownMemory,
  }: TextArenaOptions = {}) {
    this.chunkBytes = chunkBytes;
    this.nextChunkBytes = firstChunkBytes;
    this.allocate = allocate;
  }

  add(text: string): TextSpan {
    const bytes = Buffer.byteLength(text);
    if (bytes > this.chunkBytes / 4) {
      // a large text gets a buffer of its own rather than waste a chunk's tail
      const own = this.allocate(bytes);
      own.write(text);
      return { chunk: own, start: 0, end: bytes };
    }
    if (!this.chunk || this.used + bytes > this.chunk.length) {
      this.chunk = this.allocate(Math.max(this.nextChunkBytes, bytes));
      this.nextChunkBytes = Math.min(this.nextChunkBytes * 2, this.chunkBytes);
      this.used = 0;
    }
    const start = this.used;
    this.used += this.chunk.write(text, start);
    return { chunk: this.chunk, start, end: this.used };
  }
}

export function textOf({ chunk, start, end }: TextSpan): string {
  return chunk.toString('utf8', start, end);
}
