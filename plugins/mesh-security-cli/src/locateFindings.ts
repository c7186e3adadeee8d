import type {
  Finding,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import type { ManifestEntry } from '@mesh-security/mesh-security-engine';

export interface SourceLocation {
  file: string;
  line: number;
}

/** Kind of the object at fault, by rule family; workload rules use the workload's own kind. */
function policyKind(rule: string): string | undefined {
  if (
    rule.startsWith('peerauthentication-') ||
    rule === 'portlevelmtls-unknown-port'
  )
    return 'PeerAuthentication';
  if (rule === 'ambient-peerauthentication-disable')
    return 'PeerAuthentication';
  // its subject is the workload whose callers are denied
  if (rule === 'authz-observed-caller-denied') return undefined;
  if (rule.startsWith('authz-')) return 'AuthorizationPolicy';
  if (rule.startsWith('dr-')) return 'DestinationRule';
  if (rule === 'auto-mtls-disabled' || rule === 'root-cert-expiring')
    return 'ConfigMap';
  if (rule.startsWith('namespace-')) return 'Namespace';
  return undefined;
}

/**
 * Maps a finding's subject (`namespace/name`, `/name` when cluster-scoped) back
 * to the manifest that declared it. A workload whose controller is not in the
 * manifests (pods only, or a ReplicaSet) is located at its first pod.
 */
export function findingLocator(
  entries: readonly ManifestEntry[],
  report: MeshReport,
): (finding: Finding) => SourceLocation | undefined {
  const bySubject = new Map<string, ManifestEntry[]>();
  const add = (key: string, entry: ManifestEntry) => {
    const list = bySubject.get(key);
    if (list) list.push(entry);
    else bySubject.set(key, [entry]);
  };
  for (const entry of entries) {
    const { name, namespace } = entry.object.metadata;
    add(`${namespace ?? ''}/${name}`, entry);
    // a namespaced object written without a namespace lands in `default`
    if (namespace === undefined) add(`default/${name}`, entry);
  }

  return finding => {
    const candidates = bySubject.get(finding.subject) ?? [];
    const workload = report.workloads[finding.subject];
    const wanted = policyKind(finding.rule) ?? workload?.kind;
    let entry = candidates.find(c => c.object.kind === wanted);
    if (!entry && workload) {
      entry = workload.pods
        .map(pod =>
          bySubject
            .get(`${workload.namespace}/${pod}`)
            ?.find(c => c.object.kind === 'Pod'),
        )
        .find(Boolean);
    }
    entry ??= candidates[0];
    return entry && { file: entry.file, line: entry.line };
  };
}
