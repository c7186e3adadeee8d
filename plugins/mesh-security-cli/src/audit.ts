import {
  evaluateMesh,
  suppressionAnnotationProblems,
} from '@mesh-security/mesh-security-engine';
import type { ManifestEntry } from '@mesh-security/mesh-security-engine';
import type { MeshReport } from '@mesh-security/plugin-mesh-security-common';
import type { AuditOptions } from './args';
import { EXIT_FINDINGS, EXIT_OK, InputError } from './errors';
import { loadManifests, loadMetrics, loadSuppressions } from './loadManifests';
import { findingLocator } from './locateFindings';
import type { SourceLocation } from './locateFindings';
import { failingFindings } from './severity';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatTable } from './formats/table';

export interface AuditIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** folder relative paths are resolved against */
  baseDir: string;
  color: boolean;
  version: string;
}

/**
 * `mesh-security audit`: load, evaluate, print, and the exit code for `--fail-on`.
 * Bad input is thrown (InputError, ManifestError) for the caller to turn into exit 2.
 */
export async function runAudit(
  options: AuditOptions,
  io: AuditIo,
): Promise<number> {
  const { entries } = await loadManifests(options.paths, io.baseDir, {
    maxFileBytes: options.maxFileSize,
  });
  if (entries.length === 0) {
    // auditing nothing must not look like a clean bill of health
    throw new InputError(
      `${options.paths.join(', ')}: no Kubernetes objects found`,
    );
  }
  checkSuppressAnnotations(entries);
  const metrics = options.metrics
    ? await loadMetrics(options.metrics, io.baseDir)
    : undefined;
  const suppressions = options.suppressions
    ? await loadSuppressions(options.suppressions, io.baseDir)
    : undefined;
  const report = evaluateMesh({
    objects: entries.map(entry => entry.object),
    ...(metrics && { metrics }),
    now: options.now,
    ...(suppressions && { options: { suppressions } }),
  });
  for (const warning of report.warnings) io.stderr(`warning: ${warning}\n`);
  io.stdout(render(report, options, io, findingLocator(entries, report)));
  return failingFindings(report.findings, options.failOn).length > 0
    ? EXIT_FINDINGS
    : EXIT_OK;
}

/**
 * A suppress annotation naming an unknown rule is a typo that would hide
 * nothing (or not what was meant): bad input, at the object's file and line.
 */
function checkSuppressAnnotations(entries: readonly ManifestEntry[]): void {
  for (const entry of entries) {
    const [problem] = suppressionAnnotationProblems(entry.object);
    if (problem)
      throw new InputError(`${entry.file}:${entry.line}: ${problem}`);
  }
}

function render(
  report: MeshReport,
  options: AuditOptions,
  io: AuditIo,
  locate: (
    finding: MeshReport['findings'][number],
  ) => SourceLocation | undefined,
): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, {
        locate,
        baseDir: io.baseDir,
        version: io.version,
      });
    default:
      return formatTable(report, { color: io.color, failOn: options.failOn });
  }
}
