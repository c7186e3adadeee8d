import { Worker } from 'node:worker_threads';
import {
  bytesAt,
  bytesIn,
  countOf,
  packTexts,
  sliceText,
  TextPacker,
  textAt,
  textsIn,
} from './packedTexts';
import { jsonPieces } from './jsonPieces';

describe('packed texts', () => {
  it('hands back each text as it was, multi-byte characters included', () => {
    const texts = ['{"a":1}', '', 'zürich → 東京 🚀', 'x'.repeat(10_000)];
    const packed = packTexts(texts);
    expect(texts.map((_, i) => textAt(packed, i))).toEqual(texts);
    expect([...textsIn(packed, 1, 2)]).toEqual(texts.slice(1, 3));
  });

  it('hands out each text’s UTF-8 bytes as a view of the packed buffer, nothing copied', () => {
    const texts = ['{"a":1}', 'zürich 🚀', ''];
    const packed = packTexts(texts);
    const bytes = [...bytesIn(packed, 0, 3)];
    expect(bytes.map(b => b.toString('utf8'))).toEqual(texts);
    expect(bytes.map(b => b.length)).toEqual(
      texts.map(t => Buffer.byteLength(t)),
    );
    expect(bytes.every(b => b.buffer === packed.chunks[0])).toBe(true);
    expect(bytesAt(packed, 1).byteOffset).toBe(Buffer.byteLength(texts[0]));
  });

  it('packs into shared memory', () => {
    const packed = packTexts(['{"a":1}', 'x'.repeat(3 * 1024 * 1024)]);
    for (const buffer of [...packed.chunks, packed.spans.buffer]) {
      expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('keeps texts of any number and size apart across its buffers', () => {
    // past one chunk, and a text larger than a chunk takes a buffer of its own
    const texts = Array.from({ length: 300 }, (_, i) =>
      `${i}:${'é'.repeat(i * 97)}`.repeat(i === 150 ? 400 : 1),
    );
    const packed = packTexts(texts);
    expect(packed.chunks.length).toBeGreaterThan(1);
    expect(countOf(packed)).toBe(texts.length);
    expect([...textsIn(packed, 0, texts.length)]).toEqual(texts);
  });

  it('refuses to read a text it does not hold or whose span lies outside its buffers', () => {
    const packed = packTexts(['a', 'b']);
    expect(() => textAt(packed, 2)).toThrow('no packed text 2');
    expect(() => textAt(packed, -1)).toThrow('no packed text -1');
    const spans = Uint32Array.from(packed.spans);
    spans[5] = packed.chunks[0].byteLength + 1;
    expect(() => textAt({ ...packed, spans }, 1)).toThrow(
      'packed text 1 lies outside its buffers',
    );
  });

  it('writes a text given in pieces as slices of bounded size, each whole UTF-8, joined back to the text', () => {
    const value = {
      objects: Array.from({ length: 50 }, (_, i) => ({
        kind: 'Pod',
        metadata: { name: `zürich-🚀-${i}`, labels: { app: '東京'.repeat(i) } },
      })),
      big: '🚀'.repeat(40),
    };
    for (const size of [2, 3, 16, 100, 10_000]) {
      const packer = new TextPacker();
      packer.add('before');
      const slices = packer.addSliced(jsonPieces(value), size);
      const packed = packer.pack();
      expect(countOf(packed)).toBe(1 + slices);
      const texts = [...textsIn(packed, 1, slices)];
      expect(texts.join('')).toBe(JSON.stringify(value));
      for (const text of texts) {
        expect(text.length).toBeLessThanOrEqual(size);
        expect(text.length).toBeGreaterThan(0);
      }
      // each slice is valid UTF-8 on its own: a text column takes it
      for (let i = 1; i <= slices; i++) {
        expect(Buffer.from(textAt(packed, i)).equals(bytesAt(packed, i))).toBe(
          true,
        );
      }
    }
    expect(new TextPacker().addSliced([])).toBe(0);
  });

  // why shared: what V8 counts as external memory of the thread receiving it
  it('lets the main thread receive shared memory without it counting as its external memory, as a transferred buffer would', async () => {
    const MB = 1024 * 1024;
    /** what receiving 64 MB grew this thread's external memory by, and the bytes received */
    const receive = (shared: boolean) =>
      new Promise<{ grown: number; bytes: number }>((resolve, reject) => {
        const before = process.memoryUsage().external;
        const worker = new Worker(
          `const { parentPort, workerData } = require('node:worker_threads');
           const buffer = workerData ? new SharedArrayBuffer(${
             64 * MB
           }) : new ArrayBuffer(${64 * MB});
           parentPort.postMessage(buffer, workerData ? [] : [buffer]);`,
          { eval: true, workerData: shared },
        );
        worker.once('message', (buffer: ArrayBufferLike) => {
          const grown = process.memoryUsage().external - before;
          const bytes = buffer.byteLength;
          worker.terminate().then(() => resolve({ grown, bytes }), reject);
        });
        worker.once('error', reject);
      });
    const transferred = await receive(false);
    const shared = await receive(true);
    expect(transferred.bytes).toBe(64 * MB);
    expect(shared.bytes).toBe(64 * MB);
    // other external memory comes and goes meanwhile (CI: 64 MB received grew it by 63.8 MB): margins, not equality
    expect(transferred.grown).toBeGreaterThan(48 * MB);
    expect(shared.grown).toBeLessThan(16 * MB);
  });

  it('slices a long text without cutting a surrogate pair', () => {
    const text = `ab🚀cd🚀🚀e`;
    for (const size of [1, 2, 3, 4, 5]) {
      const slices = sliceText(text, Math.max(size, 2));
      expect(slices.join('')).toBe(text);
      for (const slice of slices) {
        // every slice encodes and decodes to itself: no lone half of a pair
        expect(Buffer.from(slice).toString('utf8')).toBe(slice);
      }
    }
  });
});
