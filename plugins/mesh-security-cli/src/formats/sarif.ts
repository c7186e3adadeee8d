import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  Finding,
  MeshReport,
  Severity,
  Suppression,
} from '@mesh-security/plugin-mesh-security-common';
import type { SourceLocation } from '../locateFindings';
import { severityRank } from '../severity';
import {
  describeRule,
  RULE_CATALOG,
} from '@mesh-security/plugin-mesh-security-common';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://istio.io/latest/docs/concepts/security/';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  return severity === 'medium' ? 'warning' : 'note';
}

/** GitHub code scanning ranks security alerts by this 0-10 score. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export interface SarifContext {
  locate(finding: Finding): SourceLocation | undefined;
  /** folder the relative file names are relative to */
  baseDir: string;
  version: string;
}

/**
 * SARIF 2.1.0 log with one run; every known rule is listed, results point at
 * the manifest of their subject. Suppressed findings are results too, carrying
 * `suppressions`, so code scanning shows them as dismissed with the reason.
 */
export function formatSarif(report: MeshReport, context: SarifContext): string {
  const ruleIds = [...Object.keys(RULE_CATALOG)];
  const all = [...report.findings, ...(report.suppressed ?? [])];
  for (const finding of all)
    if (!ruleIds.includes(finding.rule)) ruleIds.push(finding.rule);
  const rules = ruleIds.map(id => {
    const fallback = all.find(f => f.rule === id)?.severity ?? 'info';
    const rule = describeRule(id, fallback);
    return {
      id,
      name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: rule.summary },
      helpUri: rule.help,
      defaultConfiguration: { level: sarifLevel(rule.severity) },
      properties: {
        tags: ['security', 'istio'],
        'security-severity': SECURITY_SEVERITY[rule.severity],
      },
    };
  });

  const results = [
    ...bySeverity(report.findings).map(f => result(f, ruleIds, context)),
    ...bySeverity(report.suppressed ?? []).map(f =>
      result(f, ruleIds, context, [sarifSuppression(f.suppression)]),
    ),
  ];

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mesh-security',
            informationUri: INFORMATION_URI,
            version: context.version,
            rules,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function bySeverity<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity),
  );
}

function result(
  finding: Finding,
  ruleIds: string[],
  context: SarifContext,
  suppressions?: SarifSuppression[],
) {
  const location = context.locate(finding);
  return {
    ruleId: finding.rule,
    ruleIndex: ruleIds.indexOf(finding.rule),
    level: sarifLevel(finding.severity),
    message: { text: `${finding.subject}: ${finding.reason}` },
    locations: [
      {
        ...(location && {
          physicalLocation: {
            artifactLocation: {
              uri: artifactUri(location.file, context.baseDir),
            },
            region: { startLine: location.line },
          },
        }),
        logicalLocations: [
          { fullyQualifiedName: finding.subject, kind: 'resource' },
        ],
      },
    ],
    ...(suppressions && { suppressions }),
    partialFingerprints: { 'meshSecurityFinding/v1': fingerprint(finding) },
    properties: {
      severity: finding.severity,
      subject: finding.subject,
      ...(finding.port !== undefined && { port: finding.port }),
      ...(finding.remediation !== undefined && {
        remediation: finding.remediation,
      }),
    },
  };
}

interface SarifSuppression {
  kind: 'inSource' | 'external';
  justification: string;
  properties?: { until: string };
}

/** An annotation in the manifest is in source; configuration or a file beside it is external. */
function sarifSuppression(suppression: Suppression): SarifSuppression {
  const inSource = suppression.by === 'annotation';
  return {
    kind: inSource ? 'inSource' : 'external',
    justification:
      suppression.reason ??
      (inSource
        ? 'mesh-security.io/suppress annotation (no reason given)'
        : 'suppressed by configuration (no reason given)'),
    ...(suppression.until !== undefined && {
      properties: { until: suppression.until },
    }),
  };
}

/** Stable across runs and line moves: one finding per (rule, subject, port). */
function fingerprint(finding: Finding): string {
  return createHash('sha256')
    .update(`${finding.rule}|${finding.subject}|${finding.port ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

/** Relative paths with forward slashes (what code scanning resolves against the repo); others as file URLs. */
export function artifactUri(file: string, baseDir: string): string {
  const rel = isAbsolute(file) ? relative(baseDir, file) : file;
  if (isAbsolute(rel) || (isAbsolute(file) && rel.startsWith('..')))
    return pathToFileURL(file).href;
  return rel.split(sep).map(encodeURIComponent).join('/');
}
