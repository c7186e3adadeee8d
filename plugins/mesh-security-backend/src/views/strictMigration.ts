import type {
  Finding,
  StrictMigration,
  StrictMigrationNamespace,
  StrictMigrationWorkload,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { strictMigrationTotals } from '@mesh-security/plugin-mesh-security-common';
import type {
  IndexedCluster,
  IndexedSnapshot,
} from '../snapshot/IndexedSnapshot';
import type { WorkloadEntityLookup } from '../whatIf/workloadEntities';
import { unknownKindsByCluster } from './unknownKinds';

const findingOf = (
  cluster: IndexedCluster,
  subject: string,
  rule: Finding['rule'],
) => cluster.findingsBySubject.get(subject)?.find(f => f.rule === rule);

/** Why an in-mesh workload that is neither STRICT, ready nor blocked is not called ready. */
function unprovenReason(w: WorkloadPosture, cluster: IndexedCluster): string {
  if (w.gateway)
    return 'A gateway: its callers come from outside the mesh, so it is never called ready.';
  if (w.namespace === cluster.report.assumptions.rootNamespace)
    return 'In the root namespace, where a PeerAuthentication applies to the whole mesh.';
  if (!cluster.report.traffic)
    return 'No traffic metrics: nothing shows that its callers use mTLS.';
  if (w.mtlsMode === 'DISABLE')
    return `mTLS is disabled for it${w.decidedBy ? ` (${w.decidedBy})` : ''}.`;
  return 'Not every call observed in the long window used mTLS, or too few were observed to tell.';
}

function workloadStep(
  w: WorkloadPosture,
  cluster: IndexedCluster,
  entities: WorkloadEntityLookup,
): StrictMigrationWorkload {
  const key = `${w.namespace}/${w.name}`;
  const entity = entities(cluster.cluster, key);
  const base = {
    workload: key,
    mtlsMode: w.mtlsMode,
    ...(entity && { entity }),
  };
  const plaintext = findingOf(cluster, key, 'plaintext-traffic-observed');
  const callers = plaintext?.detail?.callers ?? [];
  const total = plaintext?.detail?.callersTotal ?? callers.length;
  const plaintextCallers = plaintext && {
    plaintextCallers: callers.map(caller => {
      const callerEntity = entities(cluster.cluster, caller);
      return {
        workload: caller,
        ...(callerEntity && { entity: callerEntity }),
      };
    }),
    ...(total > callers.length && { moreCallers: total - callers.length }),
  };
  if (!w.inMesh)
    return {
      ...base,
      state: 'outside-mesh',
      reason:
        'No sidecar or ambient dataplane: a PeerAuthentication does not apply until it joins the mesh.',
      // who talks to it in plaintext now: in-mesh callers switch to mTLS once it has a proxy
      ...plaintextCallers,
    };
  if (w.mtlsMode === 'STRICT')
    return {
      ...base,
      state: 'strict',
      reason: `Requires mTLS already${w.decidedBy ? ` (${w.decidedBy})` : ''}.`,
    };
  if (plaintext)
    return {
      ...base,
      state: 'blocked',
      reason: plaintext.reason,
      ...plaintextCallers,
    };
  const ready = findingOf(cluster, key, 'strict-ready');
  if (ready)
    return {
      ...base,
      state: 'ready',
      reason: ready.reason,
      // a namespace-wide remediation is the namespace's safeToApply
      ...(ready.detail?.scope === 'workload' &&
        ready.remediation && { remediation: ready.remediation }),
    };
  return { ...base, state: 'unproven', reason: unprovenReason(w, cluster) };
}

function namespaceStep(
  cluster: IndexedCluster,
  namespace: string,
  workloads: WorkloadPosture[],
  entities: WorkloadEntityLookup,
  unknownKinds: string[] | undefined,
): StrictMigrationNamespace {
  const steps = workloads
    .map(w => workloadStep(w, cluster, entities))
    .sort((a, b) => a.workload.localeCompare(b.workload));
  const meshed = steps.filter(s => s.state !== 'outside-mesh');
  const blockers = meshed
    .filter(s => s.state === 'blocked' || s.state === 'unproven')
    .map(s => s.workload);
  // the engine's own namespace-wide STRICT, raised only when no workload would break
  const namespaceWide = workloads
    .map(w => findingOf(cluster, `${w.namespace}/${w.name}`, 'strict-ready'))
    .find(f => f?.detail?.scope === 'namespace' && f.remediation);
  let state: StrictMigrationNamespace['state'];
  if (meshed.length === 0) state = 'outside-mesh';
  else if (meshed.every(s => s.state === 'strict')) state = 'strict';
  else if (blockers.length === 0) state = 'ready';
  else state = 'blocked';
  return {
    cluster: cluster.cluster,
    namespace,
    state,
    workloads: steps,
    ...(state === 'ready' &&
      namespaceWide && { safeToApply: namespaceWide.remediation }),
    blockers,
    ...(unknownKinds && { unknownKinds }),
  };
}

const STATE_ORDER: Record<StrictMigrationNamespace['state'], number> = {
  blocked: 0,
  ready: 1,
  strict: 2,
  'outside-mesh': 3,
};

/**
 * Per namespace, the way to STRICT: which workloads are STRICT or ready
 * already, which plaintext callers (and their owners) hold the rest back,
 * and the namespace-wide PeerAuthentication when it is safe to apply now.
 * A view over the snapshot's `strict-ready` and `plaintext-traffic-observed`
 * findings and workload modes; control-plane and host-network workloads,
 * which no PeerAuthentication concerns, are left out.
 */
export function strictMigration(
  view: IndexedSnapshot,
  entities: WorkloadEntityLookup,
): StrictMigration {
  const unknown = unknownKindsByCluster(view);
  const namespaces: StrictMigrationNamespace[] = [];
  for (const cluster of view.clusters) {
    const byNamespace = new Map<string, WorkloadPosture[]>();
    for (const entry of cluster.workloads) {
      const w = entry.posture();
      if (w.coverageExcluded) continue;
      const list = byNamespace.get(w.namespace);
      if (list) list.push(w);
      else byNamespace.set(w.namespace, [w]);
    }
    for (const [namespace, workloads] of byNamespace) {
      namespaces.push(
        namespaceStep(
          cluster,
          namespace,
          workloads,
          entities,
          unknown.get(cluster.cluster),
        ),
      );
    }
  }
  namespaces.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace),
  );
  return {
    generatedAt: view.snapshot.generatedAt,
    sources: view.snapshot.sources,
    trafficJudged: view.clusters.some(c => c.report.traffic !== undefined),
    namespaces,
  };
}

/**
 * One page of `migration`'s namespaces (from `offset`, at most `limit`; all
 * of them without a limit), with the totals of all of them.
 */
export function strictMigrationPage(
  migration: StrictMigration,
  page: { offset?: number; limit?: number },
): StrictMigration {
  const offset = page.offset ?? 0;
  return {
    ...migration,
    namespaces:
      page.limit === undefined
        ? migration.namespaces.slice(offset)
        : migration.namespaces.slice(offset, offset + page.limit),
    totals: strictMigrationTotals(migration.namespaces),
  };
}
