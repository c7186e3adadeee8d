import {
  RULE_CATALOG,
  type RuleId,
} from '@mesh-security/plugin-mesh-security-common';

/** The finding catalog as `mesh-security rules` prints it: from the same source as SARIF and the docs. */
export function formatRules(format: 'table' | 'json'): string {
  const ids = Object.keys(RULE_CATALOG) as RuleId[];
  if (format === 'json') {
    return `${JSON.stringify(
      ids.map(id => ({
        id,
        severity: RULE_CATALOG[id].severity,
        summary: RULE_CATALOG[id].summary,
        help: RULE_CATALOG[id].help,
      })),
      null,
      2,
    )}\n`;
  }
  const idWidth = Math.max(...ids.map(id => id.length));
  const lines = ids.map(
    id =>
      `${id.padEnd(idWidth)}  ${RULE_CATALOG[id].severity.padEnd(8)}  ${
        RULE_CATALOG[id].summary
      }`,
  );
  const header = `${'RULE'.padEnd(idWidth)}  ${'SEVERITY'.padEnd(8)}  MEANING`;
  return `${header}\n${lines.join('\n')}\n`;
}
