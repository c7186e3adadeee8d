/** Node's codes for a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // MySQL
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  // SQLite: another process holds the file
  'SQLITE_BUSY',
]);

/** PostgreSQL: shutting down, starting up, too many clients, connection lost. */
const POSTGRES_CODES = /^(08...|57P0[1-3]|53300)$/;

const MESSAGES =
  /Connection terminated|Connection ended unexpectedly|Timeout acquiring a connection|the database system is (shutting down|starting up|in recovery mode)|is not currently accepting connections/i;

/**
 * Whether an error says the database cannot be reached right now (down,
 * restarting, failing over, out of connections), as opposed to a query that
 * is wrong. The first is an expected state that passes; the second is a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === 'object' && !seen.has(e); ) {
    seen.add(e);
    const { code, name, message, cause } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || POSTGRES_CODES.test(code))
    ) {
      return true;
    }
    if (name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    e = cause;
  }
  return false;
}
