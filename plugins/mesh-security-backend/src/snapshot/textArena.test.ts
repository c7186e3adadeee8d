import { TextArena, textOf } from './textArena';

describe('TextArena', () => {
  it('gives back every text as it was, multi-byte characters included', () => {
    const arena = new TextArena({ chunkBytes: 64 });
    const texts = ['{"a":1}', 'ü€😀 mixed', '', 'x'.repeat(15), 'plain'];
    const spans = texts.map(text => arena.add(text));
    expect(spans.map(textOf)).toEqual(texts);
  });

  it('fills a chunk before it starts the next one', () => {
    const arena = new TextArena({ chunkBytes: 16 });
    const [a, b, c] = ['aaaa', 'bbbb', 'cccccccccc'].map(t => arena.add(t));
    expect(b.chunk).toBe(a.chunk);
    expect(b.start).toBe(a.end);
    expect(c.chunk).not.toBe(a.chunk);
    expect(textOf(c)).toBe('cccccccccc');
  });

  it('gives a text over a quarter of a chunk a buffer of its own', () => {
    const arena = new TextArena({ chunkBytes: 16 });
    const small = arena.add('ab');
    const large = arena.add('long enough text');
    expect(large.chunk).not.toBe(small.chunk);
    expect(large.chunk.length).toBe(16);
    expect(textOf(large)).toBe('long enough text');
    expect(arena.add('cd').chunk).toBe(small.chunk);
  });

  it('starts with a small chunk and doubles it up to the largest size', () => {
    const arena = new TextArena({ chunkBytes: 64, firstChunkBytes: 16 });
    const sizes = [
      'a'.repeat(10),
      'b'.repeat(10),
      'c'.repeat(10),
      'd'.repeat(16),
    ].map(text => arena.add(text).chunk.length);
    expect(sizes).toEqual([16, 32, 32, 64]);
  });
});
