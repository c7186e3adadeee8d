import type {
  Coverage,
  Finding,
  MeshReport,
  MtlsMode,
  Dataplane,
  SuppressedFinding,
} from '@mesh-security/plugin-mesh-security-common';

/** The CLI's JSON document (format `json` in this package's README): a stable projection of the report. */
export interface AuditJson {
  assumptions: {
    rootNamespace: string;
    enableAutoMtls: boolean;
    trustDomain: string;
  };
  workloads: Record<string, AuditJsonWorkload>;
  findings: Finding[];
  /** findings accepted on purpose (always present, possibly empty); they count for no exit code */
  suppressed: SuppressedFinding[];
  coverage: Coverage;
}

export interface AuditJsonWorkload {
  inMesh: boolean;
  dataplane: Dataplane;
  mtlsMode: MtlsMode;
  portModes?: Record<string, MtlsMode>;
  decidedBy: string | null;
  declaredMode?: MtlsMode;
  /** no Pod of it in the input: judged from its controller's pod template */
  declared?: true;
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
      ...(w.declared && { declared: true as const }),
    };
  }
  return {
    assumptions: { rootNamespace, enableAutoMtls, trustDomain },
    workloads,
    findings: report.findings.map(projectFinding),
    suppressed: (report.suppressed ?? []).map(f => ({
      ...projectFinding(f),
      suppression: {
        by: f.suppression.by,
        reason: f.suppression.reason,
        ...(f.suppression.until !== undefined && {
          until: f.suppression.until,
        }),
      },
    })),
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
