import { TestDatabases } from '@backstage/backend-test-utils';

/** where backend-test-utils reads the PostgreSQL 15 server to create test databases in */
export const POSTGRES_CONNECTION_ENV =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases every database test runs on: SQLite, and the PostgreSQL that
 * ./scripts/test.sh starts (never a Docker container). Call it where a
 * `describe` body or a test file's top level declares tests.
 *
 * Without the PostgreSQL connection a developer's run skips the PostgreSQL
 * cases with a message, but a CI run (`CI` set) fails: CI never passes
 * without having run them.
 */
export function createTestDatabases(): TestDatabases {
  if (!process.env[POSTGRES_CONNECTION_ENV]) {
    const how = `${POSTGRES_CONNECTION_ENV} is not set; ./scripts/with-postgres.sh <test command> provides it`;
    if (process.env.CI) {
      throw new Error(
        `The database tests must run on PostgreSQL in CI, but ${how}`,
      );
    }
    // jest prints it with the test file's output
    // eslint-disable-next-line no-console
    console.warn(`Skipping the PostgreSQL cases: ${how}`);
  }
  return TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
    disableDocker: true,
  });
}

/** The connection settings of a test database, for a backend's `backend.database.connection`. */
export function connectionOf(knex: {
  client: { config: { connection: unknown } };
}): Record<string, unknown> {
  const connection = knex.client.config.connection as Record<string, unknown>;
  // knex keeps the password as a hidden property: spreading would drop it
  return { ...connection, password: connection.password };
}
