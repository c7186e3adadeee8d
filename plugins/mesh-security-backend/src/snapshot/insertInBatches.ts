import type { DatabaseService } from '@backstage/backend-plugin-api';
import { createYielder } from '../worker/yieldToLoop';
import { EncodedPayload, encodePayload, StoredPayload } from './storedPayload';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** characters of stored (compressed) payload per statement */
export const BATCH_CHARS = 512 * 1024;
/** rows per statement, whatever their size (SQLite limits bound variables) */
const BATCH_ROWS = 100;
/** rows compressed at once: the thread pool has four threads */
const ROWS_AHEAD = 3;

/**
 * Inserts `rows` (read lazily: each payload is reached only when its turn
 * comes) compressed (see encodePayload), a few at a time, the event loop let
 * through between statements: a synchronous driver (SQLite) would otherwise
 * hold it for all of them, and a statement of many megabytes for long.
 */
export async function insertInBatches<R extends { payload: StoredPayload }>(
  db: Knex,
  table: string,
  rows: Iterable<R>,
  maxChars = BATCH_CHARS,
): Promise<number> {
  const yieldNow = createYielder();
  let batch: object[] = [];
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
  // a few rows compressed ahead, taken in order: the pool compresses the
  // next ones while a batch is written
  const ahead: Array<{ row: R; encoded: Promise<EncodedPayload> }> = [];
  const next = async () => {
    const { row, encoded } = ahead.shift()!;
    const stored = await encoded;
    batch.push({ ...row, ...stored });
    chars += stored.payload.length;
    if (chars >= maxChars || batch.length >= BATCH_ROWS) await flush();
  };
  for (const row of rows) {
    const encoded = encodePayload(row.payload);
    // awaited in turn; until then a failure must not count as unhandled
    encoded.catch(() => undefined);
    ahead.push({ row, encoded });
    if (ahead.length >= ROWS_AHEAD) await next();
  }
  while (ahead.length > 0) await next();
  await flush();
  return statements;
}
