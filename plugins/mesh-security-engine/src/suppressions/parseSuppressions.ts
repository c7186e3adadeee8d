import { isRuleId } from '@mesh-security/plugin-mesh-security-common';
import { SuppressionError } from './SuppressionError';
import { subjectGlobProblem } from './subjectGlob';
import type { SuppressionEntry } from './types';
import { readUntil } from './until';

const FIELDS = ['rule', 'subject', 'reason', 'until'];
const SHAPE = 'a list of { rule, subject, reason, until? }';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/**
 * Checks suppression entries from configuration or a file. Everything that
 * could make an entry do nothing, or more than meant, is an error: an unknown
 * rule id, a field the entry does not have (a misspelt `until` would never
 * expire), an unusable subject glob or date, a missing reason.
 * @param origin - what the value came from, named in errors (`meshSecurity.suppressions`, a file name)
 * @throws SuppressionError naming the origin, the entry's index and the field
 * @public
 */
export function parseSuppressions(
  value: unknown,
  origin: string,
): SuppressionEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new SuppressionError(
      origin,
      `must be ${SHAPE}, found ${describe(value)}`,
    );
  return value.map((item, index) => parseEntry(item, origin, index));
}

function parseEntry(
  item: unknown,
  origin: string,
  index: number,
): SuppressionEntry {
  const fail = (reason: string, field?: string): never => {
    throw new SuppressionError(origin, reason, { index, field });
  };
  if (!isPlainObject(item))
    return fail(
      `each entry must be a mapping { rule, subject, reason, until? }, found ${describe(
        item,
      )}`,
    );
  for (const key of Object.keys(item)) {
    if (!FIELDS.includes(key))
      fail(
        `unknown field "${key}" (an entry has rule, subject, reason and until)`,
        key,
      );
  }
  const text = (field: string, optional = false): string | undefined => {
    const raw = item[field];
    if (raw === undefined || raw === null) {
      if (optional) return undefined;
      return fail(`${field} is missing`, field);
    }
    if (typeof raw !== 'string')
      return fail(`${field} must be a string, found ${describe(raw)}`, field);
    const trimmed = raw.trim();
    if (trimmed === '') return fail(`${field} is empty`, field);
    return trimmed;
  };

  const rule = text('rule')!;
  if (rule !== '*' && !isRuleId(rule))
    fail(`unknown rule "${rule}" (a rule id of the catalog, or "*")`, 'rule');
  const subject = text('subject')!;
  const globProblem = subjectGlobProblem(subject);
  if (globProblem) fail(globProblem, 'subject');
  const reason = text('reason')!;
  const until = text('until', true);
  if (until !== undefined) {
    const read = readUntil(until);
    if ('problem' in read) fail(read.problem, 'until');
  }
  return {
    rule: rule as SuppressionEntry['rule'],
    subject,
    reason,
    ...(until !== undefined && { until }),
  };
}
