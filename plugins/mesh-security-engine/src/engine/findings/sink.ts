import {
  SEVERITIES,
  type Finding,
  type Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { byText } from '../values';

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

function compare(a: Finding, b: Finding): number {
  return (
    (RANK.get(a.severity) ?? 9) - (RANK.get(b.severity) ?? 9) ||
    byText(a.subject, b.subject) ||
    byText(a.rule, b.rule) ||
    (a.port ?? -1) - (b.port ?? -1)
  );
}

/** Findings sorted by severity (critical first), then subject, rule and port. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compare);
}

/** What makes two findings the same one: rule, subject and port. */
export function findingKey(
  f: Pick<Finding, 'rule' | 'subject' | 'port'>,
): string {
  return `${f.rule}\u0000${f.subject}\u0000${f.port ?? ''}`;
}

/** Collects findings, keeping one per (rule, subject, port): the first one wins. */
export class FindingSink {
  private readonly byKey = new Map<string, Finding>();

  add(finding: Finding): void {
    const key = findingKey(finding);
    if (!this.byKey.has(key)) this.byKey.set(key, finding);
  }

  has(rule: Finding['rule'], subject: string, port?: number): boolean {
    return this.byKey.has(findingKey({ rule, subject, port }));
  }

  list(): Finding[] {
    return sortFindings([...this.byKey.values()]);
  }
}

/** `a, b and c` (at most `max` names, then `and N more`). */
export function listNames(names: Iterable<string>, max = 5): string {
  const all = [...names];
  const shown = all.slice(0, max);
  const rest = all.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
