import { SEVERITIES } from './report';
import type { Severity } from './report';

/**
 * How many findings of each severity, every severity present (0 when none):
 * the `findingsBySeverity` of summaries, the CLI's table footer.
 * @public
 */
export function countBySeverity(
  findings: Iterable<{ severity: Severity }>,
): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
    Severity,
    number
  >;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
