import type {
  Coverage,
  Finding,
  MeshReport,
  MtlsMode,
  Dataplane,
} from '@mesh-security/plugin-mesh-security-common';

/** The CLI's JSON document (RULES.md "CLI contract"): a stable projection of the report. */
export interface AuditJson {
  assumptions: {
    rootNamespace: string;
    enableAutoMtls: boolean;
    trustDomain: string;
  };
  workloads: Record<string, AuditJsonWorkload>;
  findings: Finding[];
  coverage: Coverage;
}

export interface AuditJsonWorkload {
  inMesh: boolean;
  dataplane: Dataplane;
  mtlsMode: MtlsMode;
  portModes?: Record<string, MtlsMode>;
  decidedBy: string | null;
  declaredMode?: MtlsMode;
}

export function toAuditJson(report: MeshReport): AuditJson {
  const { rootNamespace, enableAutoMtls, trustDomain } = report.assumptions;
  const workloads: Record<string, AuditJsonWorkload> = {};
  for (const key of Object.keys(report.workloads).sort()) {
    const w = report.workloads[key];
    workloads[key] = {
      inMesh: w.inMesh,
      dataplane: w.dataplane,
      mtlsMode: w.mtlsMode,
      ...(w.portModes &&
        Object.keys(w.portModes).length > 0 && { portModes: w.portModes }),
      decidedBy: w.decidedBy,
      ...(w.declaredMode && { declaredMode: w.declaredMode }),
    };
  }
  return {
    assumptions: { rootNamespace, enableAutoMtls, trustDomain },
    workloads,
    findings: report.findings.map(projectFinding),
    coverage: report.coverage,
  };
}

/** Only the documented finding fields, in a fixed order. */
function projectFinding(f: Finding): Finding {
  return {
    rule: f.rule,
    severity: f.severity,
    subject: f.subject,
    reason: f.reason,
    ...(f.port !== undefined && { port: f.port }),
    ...(f.detail !== undefined && { detail: f.detail }),
    ...(f.remediation !== undefined && { remediation: f.remediation }),
  };
}

export function formatJson(report: MeshReport): string {
  return `${JSON.stringify(toAuditJson(report), null, 2)}\n`;
}
