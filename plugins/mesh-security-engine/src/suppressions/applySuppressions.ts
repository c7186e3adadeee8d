import type {
  Finding,
  MeshReport,
  SuppressedFinding,
  Suppression,
} from '@mesh-security/plugin-mesh-security-common';
import {
  collectAnnotationSuppressions,
  type AnnotationSuppression,
} from './annotations';
import { parseSuppressions } from './parseSuppressions';
import { subjectKindOf } from './subjectKind';
import { subjectMatcher } from './subjectGlob';
import type { SuppressionEntry } from './types';
import { readUntil } from './until';

/** @public */
export interface SuppressionInput {
  /** the objects the report was computed from (for annotations) */
  objects: readonly unknown[];
  /** entries of configuration or a suppressions file */
  suppressions?: readonly SuppressionEntry[];
  /** evaluation time: an entry past its `until` no longer applies */
  now: Date;
}

function covers(s: AnnotationSuppression, rule: string): boolean {
  return s.rules === '*' || s.rules.has(rule);
}

/** `/name` is the Namespace itself; `ns/name` lives in `ns`. */
function namespaceOf(subject: string): string {
  const slash = subject.indexOf('/');
  return slash === 0 ? subject.slice(1) : subject.slice(0, slash);
}

/**
 * Moves the findings accepted on purpose from `report.findings` to
 * `report.suppressed`, each with why. Annotations on the object at fault come
 * first, then its Namespace's, then configured entries in their order.
 * Annotation problems (unknown rule ids) become report warnings. Pure: the
 * time is `input.now`.
 * @throws SuppressionError for an entry that does not validate
 * @public
 */
export function applySuppressions(
  report: MeshReport,
  input: SuppressionInput,
): MeshReport {
  const entries = parseSuppressions(
    input.suppressions ?? [],
    'options.suppressions',
  );
  const now = input.now.getTime();
  const configured = entries
    .map(entry => {
      const until =
        entry.until === undefined ? undefined : readUntil(entry.until);
      return {
        entry,
        matches: subjectMatcher(entry.subject),
        endsAt: until && 'endsAt' in until ? until.endsAt : Infinity,
      };
    })
    .filter(c => now < c.endsAt);
  const annotations = collectAnnotationSuppressions(input.objects, report);
  for (const problem of new Set(annotations.problems))
    report.warnings.push(problem);

  const suppressionOf = (finding: Finding): Suppression | undefined => {
    const kind = subjectKindOf(finding.rule);
    const own = annotations.bySubject
      .get(finding.subject)
      ?.find(s => s.kind === kind && covers(s, finding.rule));
    const byNamespace =
      own ??
      annotations.byNamespace
        .get(namespaceOf(finding.subject))
        ?.find(s => covers(s, finding.rule));
    if (byNamespace) return { by: 'annotation', reason: byNamespace.reason };
    const entry = configured.find(
      c =>
        (c.entry.rule === '*' || c.entry.rule === finding.rule) &&
        c.matches(finding.subject),
    )?.entry;
    if (!entry) return undefined;
    return {
      by: 'config',
      reason: entry.reason,
      ...(entry.until !== undefined && { until: entry.until }),
    };
  };

  const suppressed: SuppressedFinding[] = [];
  const anything =
    configured.length > 0 ||
    annotations.bySubject.size > 0 ||
    annotations.byNamespace.size > 0;
  if (anything) {
    const kept: Finding[] = [];
    for (const finding of report.findings) {
      const suppression = suppressionOf(finding);
      if (suppression) suppressed.push({ ...finding, suppression });
      else kept.push(finding);
    }
    report.findings = kept;
  }
  report.suppressed = suppressed;
  return report;
}
