import type { StrictMigrationNamespace } from './api';
import { strictMigrationTotals } from './strictMigrationTotals';

const namespace = (
  cluster: string,
  state: StrictMigrationNamespace['state'],
  workloads: number,
): StrictMigrationNamespace => ({
  cluster,
  namespace: `${cluster}-${state}`,
  state,
  blockers: [],
  workloads: Array.from({ length: workloads }, (_, i) => ({
    workload: `ns/w${i}`,
    mtlsMode: 'PERMISSIVE',
    state: 'ready',
    reason: 'r',
  })),
});

describe('strictMigrationTotals', () => {
  it('counts namespaces per state, workloads and clusters, every state present', () => {
    expect(
      strictMigrationTotals([
        namespace('prod', 'blocked', 3),
        namespace('prod', 'ready', 1),
        namespace('staging', 'blocked', 2),
      ]),
    ).toEqual({
      namespaces: 3,
      byState: { strict: 0, ready: 1, blocked: 2, 'outside-mesh': 0 },
      workloads: 6,
      clusters: 2,
    });
  });
});
