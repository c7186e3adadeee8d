import { insertInBatches } from './insertInBatches';

/** A knex stand-in that records each statement's rows. */
function recordingDb(driverName?: string) {
  const statements: Array<Array<{ payload: string | Uint8Array }>> = [];
  const db = Object.assign(
    (table: string) => ({
      insert: async (rows: Array<{ payload: string | Uint8Array }>) => {
        expect(table).toBe('parts');
        statements.push(rows);
      },
    }),
    { client: { driverName } },
  ) as unknown as Parameters<typeof insertInBatches>[0];
  return { db, statements };
}

describe('insertInBatches', () => {
  it('writes rows in order, a statement per batch of bounded size', async () => {
    const { db, statements } = recordingDb();
    const rows = Array.from({ length: 10 }, (_, i) => ({
      seq: i,
      payload: 'x'.repeat(40),
    }));
    expect(await insertInBatches(db, 'parts', rows, 100)).toBe(4);
    expect(statements.map(s => s.length)).toEqual([3, 3, 3, 1]);
    expect(statements.flat()).toEqual(rows);
  });

  it('caps the rows of one statement however small they are', async () => {
    const { db, statements } = recordingDb();
    const rows = Array.from({ length: 250 }, () => ({ payload: '' }));
    await insertInBatches(db, 'parts', rows);
    expect(statements.map(s => s.length)).toEqual([100, 100, 50]);
  });

  it('hands bytes to the drivers that store them as text, decodes them for any other', async () => {
    const rows = () => [
      { seq: 0, payload: Buffer.from('{"a":"zürich 🚀"}') },
      { seq: 1, payload: 'already text' },
    ];
    for (const driver of ['pg', 'better-sqlite3']) {
      const { db, statements } = recordingDb(driver);
      await insertInBatches(db, 'parts', rows());
      expect(statements.flat()).toEqual(rows());
    }
    const { db, statements } = recordingDb('mysql2');
    await insertInBatches(db, 'parts', rows());
    expect(statements.flat()).toEqual([
      { seq: 0, payload: '{"a":"zürich 🚀"}' },
      { seq: 1, payload: 'already text' },
    ]);
  });

  it('writes nothing for no rows', async () => {
    const { db, statements } = recordingDb();
    expect(await insertInBatches(db, 'parts', [])).toBe(0);
    expect(statements).toEqual([]);
  });
});
