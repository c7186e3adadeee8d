import type {
  Coverage,
  CoverageCount,
} from '@mesh-security/plugin-mesh-security-common';
import type { WorkloadModel } from './context';

/**
 * Mesh coverage over application workloads: hostNetwork workloads (they can
 * never be meshed) and the control-plane and root namespaces are left out.
 */
export function computeCoverage(
  workloads: Iterable<WorkloadModel>,
  isSystemNamespace: (ns: string) => boolean,
): Coverage {
  const coverage: Coverage = {
    workloads: 0,
    meshed: 0,
    strict: 0,
    byNamespace: {},
  };
  for (const w of workloads) {
    const p = w.posture;
    if (
      isSystemNamespace(p.namespace) ||
      w.pods.every(pod => pod.pod.hostNetwork)
    )
      continue;
    const ns: CoverageCount = (coverage.byNamespace[p.namespace] ??= {
      workloads: 0,
      meshed: 0,
      strict: 0,
    });
    const meshed = p.dataplane !== 'none' ? 1 : 0;
    const strict = p.mtlsMode === 'STRICT' ? 1 : 0;
    coverage.workloads++;
    ns.workloads++;
    coverage.meshed += meshed;
    ns.meshed += meshed;
    coverage.strict += strict;
    ns.strict += strict;
  }
  return coverage;
}
