import type { RuleId } from '@mesh-security/plugin-mesh-security-common';

/** Annotation naming the rules to suppress on an object: `"rule-a, rule-b"` or `"*"`. @public */
export const SUPPRESS_ANNOTATION = 'mesh-security.io/suppress';

/** Optional annotation saying why {@link SUPPRESS_ANNOTATION} is there. @public */
export const SUPPRESS_REASON_ANNOTATION = 'mesh-security.io/suppress-reason';

/**
 * One suppression from configuration (`meshSecurity.suppressions`) or the
 * CLI's `--suppressions` file. Validate raw input with `parseSuppressions`.
 * @public
 */
export interface SuppressionEntry {
  /** a rule id of the catalog, or `*` for every rule */
  rule: RuleId | '*';
  /** glob over `namespace/name` (`/name` for a Namespace); `*` matches any characters except `/` */
  subject: string;
  reason: string;
  /** last day (`YYYY-MM-DD`, through its end in UTC) or instant (ISO timestamp with zone) it applies */
  until?: string;
}
