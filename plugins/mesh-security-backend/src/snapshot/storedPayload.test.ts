import { encodePayload, payloadText } from './storedPayload';

describe('stored payloads', () => {
  const json = '{"name":"zürich-🚀","n":[1,2,3]}';

  it('reads text and bytes written by earlier versions as they are', () => {
    expect(payloadText(json)).toBe(json);
    expect(payloadText(json, null)).toBe(json);
    expect(payloadText(Buffer.from(json))).toBe(json);
  });

  it('reads back what it encodes, from text or from bytes (SQLite may return either)', async () => {
    const encoded = await encodePayload(json);
    expect(encoded.encoding).toBe('deflate');
    expect(encoded.payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(payloadText(encoded.payload, encoded.encoding)).toBe(json);
    expect(payloadText(Buffer.from(encoded.payload), 'deflate')).toBe(json);
  });

  it('stores repetitive JSON in a fraction of its size', async () => {
    const big = JSON.stringify(
      Array.from({ length: 2000 }, (_, i) => ({
        kind: 'Pod',
        metadata: { name: `pod-${i}`, namespace: 'shop' },
      })),
    );
    const encoded = await encodePayload(big);
    expect(encoded.payload.length).toBeLessThan(big.length / 5);
  });

  it('refuses an encoding it does not know, and a payload that does not inflate, with a clear error', () => {
    expect(() => payloadText('x', 'zstd')).toThrow(
      "a stored part is encoded as 'zstd', which this version of the plugin cannot read",
    );
    expect(() => payloadText('bm90IGRlZmxhdGU=', 'deflate')).toThrow(
      /a stored part does not inflate/,
    );
  });
});
