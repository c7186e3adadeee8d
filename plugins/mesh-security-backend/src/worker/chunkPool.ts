/**
 * The shared buffers of texts the main thread only writes to the database
 * (report parts, last good lists, what-if inputs: ~230 MB at 4x), lent to an
 * evaluation and given back once the main thread has written them, so the
 * next refresh writes into the same memory instead of as much again.
 *
 * Why: shared memory is freed only once both threads' collectors let go of
 * it, the worker's at its next full collection, often during the next
 * refresh. So each refresh added its whole size on top of the last one's,
 * still held; reused, it is held once.
 *
 * A chunk is lent again for a chunk of the same size: an arena asks for the
 * same sizes in the same order every refresh (see TextArena), and a large
 * text's own buffer, of a size of its own, is mostly left to the collector.
 * A chunk is lent again only after `release` names its evaluation: the main
 * thread says so once its writes have completed.
 */
import { AllocateChunk, sharedMemory } from '../snapshot/textArena';

export class ChunkPool {
  /** by size */
  private free = new Map<number, Buffer[]>();
  private readonly lent = new Map<string, Buffer[]>();

  /** Allocates the chunks of evaluation `ref`'s texts, from the pool where it can. */
  allocatorFor(ref: string): AllocateChunk {
    const lent: Buffer[] = [];
    this.lent.set(ref, lent);
    return bytes => {
      const chunk = this.free.get(bytes)?.pop() ?? sharedMemory(bytes);
      lent.push(chunk);
      return chunk;
    };
  }

  /**
   * The texts of `refs` are no longer read: their chunks are lent to the
   * next evaluations. Chunks lent to any other evaluation (one that failed
   * or was never stored) and free ones left unused are forgotten, so the
   * pool follows the size of the latest refresh.
   */
  release(refs: Iterable<string>): void {
    const free = new Map<number, Buffer[]>();
    for (const ref of refs) {
      for (const chunk of this.lent.get(ref) ?? []) {
        const same = free.get(chunk.length) ?? [];
        same.push(chunk);
        free.set(chunk.length, same);
      }
    }
    this.lent.clear();
    this.free = free;
  }

  /** bytes waiting to be lent */
  get freeBytes(): number {
    let bytes = 0;
    for (const [size, chunks] of this.free) bytes += size * chunks.length;
    return bytes;
  }
}
