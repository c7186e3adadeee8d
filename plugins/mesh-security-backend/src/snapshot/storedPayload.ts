import type { DatabaseService } from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/**
 * A payload column's value: JSON text, or its UTF-8 bytes as the refresh
 * worker handed them over. PostgreSQL takes bytes bound to a text column as
 * the text they encode; SQLite keeps them as a BLOB and reads them back as a
 * Buffer. Either way they read as the same text (`payloadText`).
 */
export type StoredPayload = string | Uint8Array;

/** Drivers whose handling of bytes in a text column is the one above (tested on both). */
const BYTES_DRIVERS = new Set(['pg', 'better-sqlite3', 'sqlite3']);

/** Whether `db` can be given bytes; for any other driver they are decoded first. */
export function takesBytes(db: Knex): boolean {
  const { client } = db as { client?: { driverName?: string } };
  return BYTES_DRIVERS.has(client?.driverName ?? '');
}

export function payloadText(payload: StoredPayload): string {
  return typeof payload === 'string'
    ? payload
    : Buffer.from(
        payload.buffer,
        payload.byteOffset,
        payload.byteLength,
      ).toString('utf8');
}
