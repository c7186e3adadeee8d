import type {
  Finding,
  MeshAssumptions,
  MeshReport,
  ServiceTls,
} from '@mesh-security/plugin-mesh-security-common';
import type { WorkloadModel } from './context';
import { computeCoverage } from './coverage';
import type { RootCertCopy } from './rootCert';

function earliestRootCert(
  copies: RootCertCopy[],
): Pick<MeshReport, 'rootCertNotAfter'> {
  const times = copies.flatMap(c => (c.notAfter ? [c.notAfter.getTime()] : []));
  return times.length > 0
    ? { rootCertNotAfter: new Date(Math.min(...times)).toISOString() }
    : {};
}

/** The report of the cluster objects, before traffic and suppressions. */
export function meshReport(parts: {
  now: Date;
  assumptions: MeshAssumptions;
  workloads: Map<string, WorkloadModel>;
  services: ServiceTls[];
  findings: Finding[];
  rootCerts: RootCertCopy[];
  warnings: string[];
}): MeshReport {
  return {
    evaluatedAt: parts.now.toISOString(),
    assumptions: parts.assumptions,
    workloads: Object.fromEntries(
      [...parts.workloads].map(([k, w]) => [k, w.posture]),
    ),
    services: parts.services,
    findings: parts.findings,
    coverage: computeCoverage(parts.workloads.values()),
    ...earliestRootCert(parts.rootCerts),
    warnings: parts.warnings,
  };
}
