import type { StrictMigrationNamespace, StrictMigrationTotals } from './api';

/**
 * Namespaces per page of `GET /overview/strict-migration`, at most.
 * @public
 */
export const STRICT_MIGRATION_MAX_PAGE = 100;

/**
 * The figures of a STRICT migration's namespaces: what a server sends with
 * each page, and what a client works out from a backend that predates paging.
 * @public
 */
export function strictMigrationTotals(
  namespaces: StrictMigrationNamespace[],
): StrictMigrationTotals {
  const byState: StrictMigrationTotals['byState'] = {
    strict: 0,
    ready: 0,
    blocked: 0,
    'outside-mesh': 0,
  };
  let workloads = 0;
  const clusters = new Set<string>();
  for (const n of namespaces) {
    byState[n.state]++;
    workloads += n.workloads.length;
    clusters.add(n.cluster);
  }
  return {
    namespaces: namespaces.length,
    byState,
    workloads,
    clusters: clusters.size,
  };
}
