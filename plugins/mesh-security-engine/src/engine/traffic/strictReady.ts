import type {
  Finding,
  IdentitySample,
  MeshMetrics,
  MeshReport,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { stringify } from 'yaml';
import { groupBy, MergedEdge, sum, workloadKey } from './edges';
import { formatCount } from './format';

/** Labels Kubernetes or Istio put on pods: they change per rollout or are not the app's own. */
const VOLATILE_LABEL = [
  /^pod-template-hash$/,
  /^controller-revision-hash$/,
  /^pod-template-generation$/,
  /^statefulset\.kubernetes\.io\//,
  /^apps\.kubernetes\.io\//,
  /^batch\.kubernetes\.io\//,
  /^controller-uid$/,
  /^job-name$/,
  /^security\.istio\.io\//,
  /^service\.istio\.io\//,
  /^sidecar\.istio\.io\//,
  /^istio\.io\//,
];

function isReady(
  workload: WorkloadPosture,
  report: MeshReport,
  identities: readonly IdentitySample[],
  inbound: readonly MergedEdge[],
  minRequests: number,
): { ready: boolean; count: number } {
  const notReady = { ready: false, count: 0 };
  if (
    workload.dataplane !== 'sidecar' ||
    workload.gateway ||
    workload.mtlsMode !== 'PERMISSIVE'
  )
    return notReady;
  // A selector-less policy in the root namespace is mesh-wide and a selector there is
  // ignored: no STRICT policy could be scoped to this workload alone.
  if (workload.namespace === report.assumptions.rootNamespace) return notReady;
  const seen = identities.filter(s => s.count > 0);
  const count = sum(seen, s => s.count);
  const allMutual = seen.every(s => s.security === 'mutual_tls');
  const plaintextNow = inbound.some(e => e.plaintextRate > 0);
  return { ready: allMutual && !plaintextNow && count >= minRequests, count };
}

/** A workload policy of its own would be overridden by nothing; a namespace one only by workload policies. */
function hasWorkloadPolicy(workload: WorkloadPosture): boolean {
  return workload.decisionChain.some(
    s => s.level === 'workload' && s.mode !== 'UNSET',
  );
}

function selectorFor(
  workload: WorkloadPosture,
  sameNamespace: readonly WorkloadPosture[],
): Record<string, string> {
  const stable = Object.fromEntries(
    Object.entries(workload.labels).filter(
      ([k]) => !VOLATILE_LABEL.some(re => re.test(k)),
    ),
  );
  const others = sameNamespace.filter(w => w.name !== workload.name);
  const selectsOthers = (selector: Record<string, string>) =>
    others.some(w =>
      Object.entries(selector).every(([k, v]) => w.labels[k] === v),
    );
  // `app` alone reads best, unless another workload (e.g. a second version) shares it.
  if (stable.app !== undefined && !selectsOthers({ app: stable.app }))
    return { app: stable.app };
  return stable;
}

function policyName(
  workload: WorkloadPosture,
  level: 'namespace' | 'workload',
): string {
  // Reuse the policy in effect at that level: a second one would conflict and the older one wins.
  const current = workload.decisionChain.find(
    s => s.level === level && s.policy,
  );
  return (
    current?.policy?.split('/')[1] ??
    (level === 'namespace' ? 'default' : workload.name)
  );
}

function strictPolicy(
  name: string,
  namespace: string,
  selector?: Record<string, string>,
): string {
  return stringify({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name, namespace },
    spec: {
      ...(selector ? { selector: { matchLabels: selector } } : {}),
      mtls: { mode: 'STRICT' },
    },
  });
}

/**
 * strict-ready: a PERMISSIVE sidecar workload whose every authenticated caller in the
 * long window used mTLS. The remediation is namespace-wide when the whole namespace
 * is ready (or STRICT already), otherwise scoped to the workload.
 */
export function strictReadyFindings(
  report: MeshReport,
  metrics: MeshMetrics,
  inboundEdges: Map<string, MergedEdge[]>,
  minRequests: number,
): Finding[] {
  const identities = groupBy(metrics.identities, s =>
    workloadKey(s.destinationNamespace, s.destinationWorkload),
  );
  const verdicts = new Map(
    Object.entries(report.workloads).map(([key, w]) => [
      key,
      isReady(
        w,
        report,
        identities.get(key) ?? [],
        inboundEdges.get(key) ?? [],
        minRequests,
      ),
    ]),
  );
  const byNamespace = groupBy(
    Object.values(report.workloads),
    w => w.namespace,
  );
  // a namespace is ready when every in-mesh workload is STRICT or ready without a policy of its own
  const readyNamespaces = new Set<string>();
  for (const [ns, list] of byNamespace) {
    if (
      list.every(
        w =>
          !w.inMesh ||
          w.mtlsMode === 'STRICT' ||
          (verdicts.get(`${w.namespace}/${w.name}`)!.ready &&
            !hasWorkloadPolicy(w)),
      )
    )
      readyNamespaces.add(ns);
  }
  const findings: Finding[] = [];
  for (const [key, workload] of Object.entries(report.workloads)) {
    const verdict = verdicts.get(key)!;
    if (!verdict.ready) continue;
    const namespaceReady = readyNamespaces.has(workload.namespace);
    const remediation = namespaceReady
      ? strictPolicy(policyName(workload, 'namespace'), workload.namespace)
      : strictPolicy(
          policyName(workload, 'workload'),
          workload.namespace,
          selectorFor(workload, byNamespace.get(workload.namespace) ?? []),
        );
    findings.push({
      rule: 'strict-ready',
      severity: 'info',
      subject: key,
      reason: `${key} accepts plaintext (PERMISSIVE), yet all ${formatCount(
        verdict.count,
      )} calls it received in the last ${
        metrics.longWindow
      } used mutual TLS: it is ready for STRICT.`,
      detail: {
        calls: verdict.count,
        scope: namespaceReady ? 'namespace' : 'workload',
      },
      remediation,
    });
  }
  return findings;
}
