import chalk from 'chalk';
import { SEVERITIES } from '@mesh-security/plugin-mesh-security-common';
import type {
  Finding,
  MeshReport,
  MtlsMode,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { countBySeverity } from '@mesh-security/plugin-mesh-security-common';
import { failingFindings } from '../severity';
import type { FailOn } from '../severity';

export interface TableContext {
  /** colour only for a terminal */
  color: boolean;
  failOn: FailOn;
}

type Paint = (text: string) => string;

/** Human view: findings grouped by severity, the workloads, one summary line. */
export function formatTable(report: MeshReport, context: TableContext): string {
  const c = new chalk.Instance({ level: context.color ? 1 : 0 });
  const severityPaint: Record<Severity, Paint> = {
    critical: t => c.bold.red(t),
    high: t => c.red(t),
    medium: t => c.yellow(t),
    low: t => c.cyan(t),
    info: t => c.gray(t),
  };
  const modePaint: Record<MtlsMode, Paint> = {
    STRICT: t => c.green(t),
    PERMISSIVE: t => c.yellow(t),
    DISABLE: t => c.red(t),
    NONE: t => c.red(t),
  };
  const lines: string[] = [];

  for (const severity of SEVERITIES) {
    const group = report.findings
      .filter(f => f.severity === severity)
      .sort(
        (a, b) =>
          a.subject.localeCompare(b.subject) ||
          a.rule.localeCompare(b.rule) ||
          (a.port ?? 0) - (b.port ?? 0),
      );
    if (group.length === 0) continue;
    lines.push(
      severityPaint[severity](
        c.bold(`${severity.toUpperCase()} (${group.length})`),
      ),
    );
    const rows = group.map(f => [f.rule, subjectWithPort(f), f.reason]);
    lines.push(...columns(rows).map(row => `  ${row}`), '');
  }
  if (report.findings.length === 0) lines.push(c.green('No findings.'), '');
  lines.push(...suppressedBlock(report, c));

  const workloadKeys = Object.keys(report.workloads).sort();
  lines.push(c.bold(`WORKLOADS (${workloadKeys.length})`));
  const header = [
    'WORKLOAD',
    'DATAPLANE',
    'MTLS',
    'PODS',
    'DECIDED BY',
    'PORT MODES',
  ];
  const rows = workloadKeys.map(key => {
    const w = report.workloads[key];
    const declared = w.declaredMode ? ` (declared ${w.declaredMode})` : '';
    const ports = Object.entries(w.portModes ?? {})
      .map(([port, mode]) => `${port}=${mode}`)
      .join(' ');
    return [
      key,
      w.dataplane,
      `${w.mtlsMode}${declared}`,
      podsCell(w),
      w.decidedBy ?? '-',
      ports || '-',
    ];
  });
  const table = columns([header, ...rows]);
  lines.push(`  ${c.dim(table[0])}`);
  table.slice(1).forEach((row, i) => {
    const mode = report.workloads[workloadKeys[i]].mtlsMode;
    // colour the mode cell only, after padding, so columns stay aligned
    lines.push(
      `  ${row.replace(
        /^(\S+\s+\S+\s+)(\S+)/,
        (_, before, cell) => before + modePaint[mode](cell),
      )}`,
    );
  });
  lines.push('', summaryLine(report, context, c, severityPaint));
  return `${lines.join('\n')}\n`;
}

function summaryLine(
  report: MeshReport,
  context: TableContext,
  c: chalk.Chalk,
  severityPaint: Record<Severity, Paint>,
): string {
  const { workloads, meshed, strict } = report.coverage;
  const listed = Object.keys(report.workloads).length;
  const excluded = listed - workloads;
  const counts = countBySeverity(report.findings);
  const bySeverity = SEVERITIES.map(s =>
    counts[s] ? severityPaint[s](`${counts[s]} ${s}`) : `0 ${s}`,
  ).join(', ');
  const failing = failingFindings(report.findings, context.failOn).length;
  let verdict = 'fail-on none';
  if (context.failOn !== 'none') {
    verdict =
      failing > 0
        ? c.red(`FAIL: ${failing} at or above ${context.failOn}`)
        : c.green(`PASS: none at or above ${context.failOn}`);
  }
  // counts what the table lists; rows left out of coverage are marked there
  const notCounted = excluded > 0 ? ` (${excluded} not counted)` : '';
  return `${listed} workload${
    listed === 1 ? '' : 's'
  }${notCounted}: ${meshed} of ${workloads} in mesh, ${strict} STRICT · findings: ${bySeverity} · ${verdict}`;
}

/** Pod count, or why the row is special: judged from a template, or left out of coverage. */
function podsCell(w: MeshReport['workloads'][string]): string {
  const count = w.declared ? 'declared, 0 pods' : String(w.pods.length);
  if (w.coverageExcluded === 'control-plane')
    return `${count} (control plane, not counted)`;
  if (w.coverageExcluded === 'host-network')
    return `${count} (hostNetwork, not counted)`;
  return count;
}

/** Accepted findings, dimmed, each with who accepted it and why; nothing when there are none. */
function suppressedBlock(report: MeshReport, c: chalk.Chalk): string[] {
  const suppressed = report.suppressed ?? [];
  if (suppressed.length === 0) return [];
  const rows = suppressed.map(f => {
    const { by, reason, until } = f.suppression;
    const why = `${by}: ${reason ?? 'no reason given'}${
      until ? ` (until ${until})` : ''
    }`;
    return [f.severity, f.rule, subjectWithPort(f), why];
  });
  return [
    c.bold(`SUPPRESSED (${suppressed.length})`),
    ...columns(rows).map(row => `  ${c.dim(row)}`),
    '',
  ];
}

function subjectWithPort(f: Finding): string {
  return f.port === undefined ? f.subject : `${f.subject}:${f.port}`;
}

/** Pads every cell but the last to its column's width. */
function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach(
      (cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)),
    );
  return rows.map(row =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  '),
  );
}
