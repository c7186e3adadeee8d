import { SEVERITIES } from '@mesh-security/plugin-mesh-security-common';
import type {
  Finding,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';

/** `--fail-on` threshold: a severity, or `none` to never fail on findings. */
export type FailOn = Severity | 'none';

export const FAIL_ON_CHOICES: readonly FailOn[] = [...SEVERITIES, 'none'];

/** 0 = critical … 4 = info */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Findings at or above the threshold. */
export function failingFindings(
  findings: readonly Finding[],
  failOn: FailOn,
): Finding[] {
  if (failOn === 'none') return [];
  const limit = severityRank(failOn);
  return findings.filter(f => severityRank(f.severity) <= limit);
}
