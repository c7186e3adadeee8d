import { jsonPieces } from './jsonPieces';

const joined = (value: unknown, depth?: number) =>
  [...jsonPieces(value, depth)].join('');

describe('JSON in pieces', () => {
  it('joins to exactly what JSON.stringify writes', () => {
    const values: unknown[] = [
      { objects: [], metrics: { flows: [{ rps: 1.5, mtls: true }] } },
      { a: undefined, b: () => 1, c: Symbol('s'), d: null, e: 0, f: '' },
      [undefined, () => 1, null, 1, 'x', [], {}, [[[[1]]]]],
      { when: new Date('2026-12-07T00:00:00Z'), nested: { when: new Date(0) } },
      { 'zürich "quoted"': '東京 🚀 \u2028 \n', 2: 'two', 1: 'one' },
      { deep: { deeper: { deepest: { bottom: [1, { x: undefined }] } } } },
      Object.assign(Object.create(null), { bare: true }),
      { map: new Map([[1, 2]]), set: new Set([1]) },
      'text',
      42,
      null,
      [],
      {},
    ];
    for (const value of values) {
      for (const depth of [0, 1, 2, 3, 6]) {
        expect(joined(value, depth)).toBe(JSON.stringify(value));
      }
    }
  });

  it('writes each object of a list as pieces of its own, never the whole text as one', () => {
    const objects = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'Pod',
      metadata: { name: `pod-${i}` },
    }));
    const pieces = [...jsonPieces({ objects, metrics: { flows: [] } })];
    const longest = Math.max(...pieces.map(p => p.length));
    expect(longest).toBeLessThan(100);
    expect(pieces.join('')).toBe(
      JSON.stringify({ objects, metrics: { flows: [] } }),
    );
  });

  it('refuses a value JSON has no text for, as a whole', () => {
    expect(() => [...jsonPieces(undefined)]).toThrow(TypeError);
    expect(() => [...jsonPieces({ n: BigInt(1) })]).toThrow(TypeError);
  });
});
