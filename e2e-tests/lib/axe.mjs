// axe-core (the npm package, injected into the page under test) with the
// WCAG 2 level A and AA rules, run over one of our components at a time.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/**
 * Markup that Backstage's own components render inside ours and that we
 * cannot change. Each entry removes the matching nodes of one rule only;
 * anything else is reported.
 */
export const BACKSTAGE_MARKUP_EXCEPTIONS = [
  {
    rule: 'nested-interactive',
    reason:
      "core-components' Table (material-table) renders every sortable column header as a " +
      'role="button" TableSortLabel that contains another focusable element; the header ' +
      "markup is Backstage's, our tables only pass column titles",
    matches: node =>
      /MuiTableSortLabel-root/.test(node.html) &&
      node.target.some(t => /(^|[\s>])th\b|thead/.test(t)),
  },
];

/** WCAG 2 A/AA violations inside `scope` (an ElementHandle), Backstage's exceptions removed. */
export async function axeViolations(page, scope) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const { violations } = await page.evaluate(
    element =>
      window.axe.run(element, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
        resultTypes: ['violations'],
      }),
    scope,
  );
  return violations
    .map(violation => ({
      ...violation,
      nodes: violation.nodes.filter(
        node =>
          !BACKSTAGE_MARKUP_EXCEPTIONS.some(
            e => e.rule === violation.id && e.matches(node),
          ),
      ),
    }))
    .filter(violation => violation.nodes.length > 0);
}

/** One line per rule and node, for an assertion message. */
export function describeViolations(violations) {
  return violations
    .flatMap(v => [
      `${v.id} (${v.impact}): ${v.help}`,
      ...v.nodes.map(
        n =>
          `  ${n.target.join(' ')} ${n.html.slice(0, 200)}: ${(
            n.failureSummary ?? ''
          ).replace(/\s+/g, ' ')}`,
      ),
    ])
    .join('\n');
}
