import type { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { HistoryPointRecord } from '../types';

export type Knex = Awaited<ReturnType<TestDatabases['init']>>;

/** The plugin's migrations, as the snapshot store runs them at startup. */
export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@mesh-security/plugin-mesh-security-backend',
      'migrations',
    ),
    tableName: 'mesh_security__knex_migrations',
  });
}

/** A point with round figures; `at` in ms since the epoch. */
export function point(
  subject: string,
  at: number,
  overrides: Partial<HistoryPointRecord> = {},
): HistoryPointRecord {
  return {
    scope: 'entity',
    subject,
    at,
    mtlsMode: 'STRICT',
    workloads: 2,
    meshed: 2,
    strict: 2,
    mtlsTrafficShare: 1,
    rps: 100,
    findingsBySeverity: { critical: 0, high: 0, medium: 1, low: 0, info: 0 },
    grade: 'A',
    score: 98,
    partial: false,
    ...overrides,
  };
}
