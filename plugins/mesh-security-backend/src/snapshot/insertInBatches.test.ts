import { insertInBatches } from './insertInBatches';
import { payloadText, StoredPart } from './storedPayload';

type Written = StoredPart & { seq?: number };

/** A knex stand-in that records each statement's rows. */
function recordingDb() {
  const statements: Written[][] = [];
  const db = ((table: string) => ({
    insert: async (rows: Written[]) => {
      expect(table).toBe('parts');
      statements.push(rows);
    },
  })) as unknown as Parameters<typeof insertInBatches>[0];
  return { db, statements };
}

/** JSON-ish text that deflates about as the stored parts do, not to nothing */
function text(i: number, length: number): string {
  let out = '';
  for (let n = i * 7919; out.length < length; n = (n * 48271) % 2147483647) {
    out += `{"n":${n}},`;
  }
  return out.slice(0, length);
}

describe('insertInBatches', () => {
  it('writes rows in order, deflated, a statement per batch of bounded stored size', async () => {
    const { db, statements } = recordingDb();
    const rows = Array.from({ length: 10 }, (_, i) => ({
      seq: i,
      payload: text(i, 4000),
    }));
    const count = await insertInBatches(db, 'parts', rows, 4000);
    const written = statements.flat();
    expect(written.map(r => r.seq)).toEqual(rows.map(r => r.seq));
    expect(written.every(r => r.encoding === 'deflate')).toBe(true);
    expect(written.map(r => payloadText(r.payload, r.encoding))).toEqual(
      rows.map(r => r.payload),
    );
    // sized by what is stored: several rows per statement, fewer than rows
    const stored = written.map(r => (r.payload as string).length);
    expect(Math.max(...stored)).toBeLessThan(4000);
    expect(count).toBe(statements.length);
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThan(rows.length);
    for (const statement of statements.slice(0, -1)) {
      const chars = statement.reduce(
        (sum, r) => sum + (r.payload as string).length,
        0,
      );
      expect(chars - (statement.at(-1)!.payload as string).length).toBeLessThan(
        4000,
      );
    }
  });

  it('caps the rows of one statement however small they are', async () => {
    const { db, statements } = recordingDb();
    const rows = Array.from({ length: 250 }, () => ({ payload: '' }));
    await insertInBatches(db, 'parts', rows);
    expect(statements.map(s => s.length)).toEqual([100, 100, 50]);
  });

  it('takes text or its UTF-8 bytes, in shared memory too, and both read back as the text', async () => {
    const { db, statements } = recordingDb();
    const json = '{"a":"zürich 🚀"}';
    const bytes = Buffer.from(json);
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length + 3), 3);
    shared.set(bytes);
    await insertInBatches(db, 'parts', [
      { seq: 0, payload: bytes },
      { seq: 1, payload: shared },
      { seq: 2, payload: json },
    ]);
    const written = statements.flat();
    expect(written.map(r => typeof r.payload)).toEqual([
      'string',
      'string',
      'string',
    ]);
    expect(written.map(r => payloadText(r.payload, r.encoding))).toEqual([
      json,
      json,
      json,
    ]);
  });

  it('fails with the first row that cannot be encoded, the rows before it written', async () => {
    const { db, statements } = recordingDb();
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const rows = [
        { seq: 0, payload: '{}' },
        { seq: 1, payload: 42 as unknown as string },
        { seq: 2, payload: 7 as unknown as string },
        { seq: 3, payload: '{}' },
      ];
      await expect(insertInBatches(db, 'parts', rows, 1)).rejects.toThrow(
        /must be of type string or an instance of Buffer.*\(42\)/,
      );
      expect(statements.flat().map(r => r.seq)).toEqual([0]);
      await new Promise(resolve => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('writes nothing for no rows', async () => {
    const { db, statements } = recordingDb();
    expect(await insertInBatches(db, 'parts', [])).toBe(0);
    expect(statements).toEqual([]);
  });
});
