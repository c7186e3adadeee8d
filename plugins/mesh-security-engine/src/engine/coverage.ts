import type {
  Coverage,
  CoverageCount,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import type { WorkloadModel } from './context';
import type { PodPosture } from './posture';

/** Why a workload is left out of coverage: it is the control plane, or can never be meshed. */
export function coverageExclusion(
  namespace: string,
  pods: PodPosture[],
  isSystemNamespace: (ns: string) => boolean,
): Pick<WorkloadPosture, 'coverageExcluded'> {
  if (isSystemNamespace(namespace))
    return { coverageExcluded: 'control-plane' };
  if (pods.every(p => p.pod.hostNetwork))
    return { coverageExcluded: 'host-network' };
  return {};
}

/** Mesh coverage over application workloads: those marked `coverageExcluded` are left out. */
export function computeCoverage(workloads: Iterable<WorkloadModel>): Coverage {
  const coverage: Coverage = {
    workloads: 0,
    meshed: 0,
    strict: 0,
    byNamespace: {},
  };
  for (const w of workloads) {
    const p = w.posture;
    if (p.coverageExcluded) continue;
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
