import type { DatabaseService } from '@backstage/backend-plugin-api';
import { createYielder } from '../worker/yieldToLoop';
import { payloadText, StoredPayload, takesBytes } from './storedPayload';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** characters (or bytes) of payload per statement */
export const BATCH_CHARS = 512 * 1024;
/** rows per statement, whatever their size (SQLite limits bound variables) */
const BATCH_ROWS = 100;

/**
 * Inserts `rows` (read lazily: each payload is decoded only when reached) a
 * few at a time, the event loop let through between statements: a
 * synchronous driver (SQLite) would otherwise hold it for all of them, and a
 * statement of many megabytes for long.
 */
export async function insertInBatches<R extends { payload: StoredPayload }>(
  db: Knex,
  table: string,
  rows: Iterable<R>,
  maxChars = BATCH_CHARS,
): Promise<number> {
  const yieldNow = createYielder();
  const bytes = takesBytes(db);
  let batch: R[] = [];
  let chars = 0;
  let statements = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await yieldNow();
    await db(table).insert(batch);
    statements++;
    batch = [];
    chars = 0;
  };
  for (const row of rows) {
    batch.push(
      bytes || typeof row.payload === 'string'
        ? row
        : { ...row, payload: payloadText(row.payload) },
    );
    chars += row.payload.length;
    if (chars >= maxChars || batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  return statements;
}
