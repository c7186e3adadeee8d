// Readiness markers, evaluated inside the page as expressions (see probe()). They return
// performance.now() (ms since the navigation started) at the first animation
// frame where the marker holds, so the figure excludes Playwright's own
// round-trips. Kept to a few querySelectorAll calls: they run every frame
// on the page's main thread, and a costly probe would slow what it measures.

/** Shared in-page helpers, prepended to every probe. */
const HELPERS = `
  const visible = el => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  // MUI InfoCards (the plugin) and Backstage UI cards (the catalog's About card)
  const cardTitle = test =>
    [
      ...document.querySelectorAll(
        '.MuiCardHeader-title, .bui-CardHeader h2, .bui-CardHeader h3, .bui-CardHeader h4',
      ),
    ].find(el => test(el.textContent.trim()));
  const trafficTable = () => {
    const peer = [...document.querySelectorAll('thead th')].find(
      th => th.textContent.trim() === 'Peer',
    );
    return peer ? peer.closest('table') : null;
  };
  const firstTrafficRow = () => {
    const table = trafficTable();
    if (!table) return null;
    return [...table.querySelectorAll('tbody tr')].find(
      tr => tr.querySelectorAll('td').length >= 6 && tr.textContent.trim() !== '',
    );
  };
  const signIn = () =>
    [...document.querySelectorAll('button')].find(
      b => b.textContent.trim() === 'Enter' && visible(b),
    );
`;

/** Entity overview: the catalog's About card is on screen. */
export const OVERVIEW_READY = `() => {
  ${HELPERS}
  if (signIn()) return { signIn: true };
  const about = cardTitle(text => text === 'About');
  if (!visible(about)) return false;
  return { at: performance.now() };
}`;

/**
 * mTLS tab: the traffic table has its first row and the findings list is
 * shown. Then, as a user about to sort would, it scrolls the "Peer" column's
 * sort button into view and returns where to click it.
 */
export const TAB_READY = `() => {
  ${HELPERS}
  if (signIn()) return { signIn: true };
  const row = firstTrafficRow();
  const findings = cardTitle(text => /^Findings \\(\\d+\\)$/.test(text));
  if (!visible(row) || !visible(findings)) return false;
  const at = performance.now();
  const sort = [...trafficTable().querySelectorAll('th .MuiTableSortLabel-root')].find(
    el => el.textContent.trim() === 'Peer',
  );
  if (!sort) return false;
  sort.scrollIntoView({ block: 'center' });
  const r = sort.getBoundingClientRect();
  return {
    at,
    firstPeer: row.querySelector('td').textContent.trim(),
    findingsTitle: findings.textContent.trim(),
    sortButton: { x: r.left + r.width / 2, y: r.top + r.height / 2 },
  };
}`;

/** After the sort click: the first row is another peer. */
export const TAB_SORTED = `(before) => {
  ${HELPERS}
  const row = firstTrafficRow();
  if (!visible(row)) return false;
  const peer = row.querySelector('td').textContent.trim();
  if (peer === before) return false;
  return { at: performance.now(), firstPeer: peer };
}`;

/** Back on a neutral page: neither entity view is mounted any more. */
export const ENTITY_GONE = `() => {
  ${HELPERS}
  return !cardTitle(text => text === 'About') && !trafficTable();
}`;

/** A page expression that calls `fn` (one of the above) with a JSON argument. */
export function probe(fn, arg) {
  return `(${fn})(${arg === undefined ? '' : JSON.stringify(arg)})`;
}
