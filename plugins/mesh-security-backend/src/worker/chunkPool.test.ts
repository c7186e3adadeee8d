import { ChunkPool } from './chunkPool';
import { TextPacker, textsIn } from './packedTexts';

describe('ChunkPool', () => {
  it('lends the chunks of a released evaluation again, for chunks of the same size', () => {
    const pool = new ChunkPool();
    const first = pool.allocatorFor('a');
    const [small, large] = [first(1024), first(4096)];
    expect(small.buffer).toBeInstanceOf(SharedArrayBuffer);
    // not released yet: fresh memory
    expect(pool.allocatorFor('b')(1024)).not.toBe(small);

    pool.release(['a']);
    expect(pool.freeBytes).toBe(1024 + 4096);
    const next = pool.allocatorFor('c');
    expect(next(4096)).toBe(large);
    expect(next(1024)).toBe(small);
    // none of that size left: fresh
    expect(next(1024)).not.toBe(small);
    expect(next(2048).length).toBe(2048);
  });

  it('forgets the chunks of evaluations never released and those left unused, following the latest refresh', () => {
    const pool = new ChunkPool();
    pool.allocatorFor('failed')(1024);
    const kept = pool.allocatorFor('stored')(2048);
    pool.release(['stored']);
    expect(pool.freeBytes).toBe(2048);

    // the next refresh needs less: what it did not take goes at its release
    const next = pool.allocatorFor('next');
    expect(next(2048)).toBe(kept);
    next(512);
    pool.release(['next']);
    expect(pool.freeBytes).toBe(2048 + 512);
    pool.release([]);
    expect(pool.freeBytes).toBe(0);
  });

  it('lets a packer write the next refresh’s texts into the same memory, once released', () => {
    const pool = new ChunkPool();
    const pack = (ref: string, texts: string[]) => {
      const packer = new TextPacker(pool.allocatorFor(ref));
      for (const text of texts) packer.add(text);
      return packer.pack();
    };
    const one = pack('one', ['first', 'refresh']);
    const two = pack('two', ['second', 'refresh']);
    // both alive: neither wrote over the other
    expect([...textsIn(one, 0, 2)]).toEqual(['first', 'refresh']);
    pool.release(['one']);
    const three = pack('three', ['third', 'refresh']);
    expect(three.chunks[0]).toBe(one.chunks[0]);
    expect([...textsIn(three, 0, 2)]).toEqual(['third', 'refresh']);
    expect([...textsIn(two, 0, 2)]).toEqual(['second', 'refresh']);
  });
});
