import { insertInBatches } from './insertInBatches';

/** A knex stand-in that records each statement's rows. */
function recordingDb() {
  const statements: Array<Array<{ payload: string }>> = [];
  const db = ((table: string) => ({
    insert: async (rows: Array<{ payload: string }>) => {
      expect(table).toBe('parts');
      statements.push(rows);
    },
  })) as unknown as Parameters<typeof insertInBatches>[0];
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

  it('writes nothing for no rows', async () => {
    const { db, statements } = recordingDb();
    expect(await insertInBatches(db, 'parts', [])).toBe(0);
    expect(statements).toEqual([]);
  });
});
