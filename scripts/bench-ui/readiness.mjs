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
  // a table by the titles of its column headers
  const tableWith = (...titles) => {
    const ths = [...document.querySelectorAll('thead th')];
    const th = ths.find(
      h => h.textContent.trim() === titles[0] &&
        titles.every(t => [...h.closest('thead').querySelectorAll('th')].some(o => o.textContent.trim() === t)),
    );
    return th ? th.closest('table') : null;
  };
  const firstRow = (table, cells) =>
    table
      ? [...table.querySelectorAll('tbody tr')].find(
          tr => tr.querySelectorAll('td').length >= cells && tr.textContent.trim() !== '',
        )
      : null;
  const sortLabel = (table, title) =>
    [...table.querySelectorAll('th .MuiTableSortLabel-root')].find(
      el => el.textContent.trim() === title,
    );
  // scrolls a sort button into view, as a user about to sort would, and says where to click
  const clickPoint = el => {
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  };
  const catalogTable = () => tableWith('Name', 'Owner', 'Lifecycle');
  const servicesTable = () => tableWith('Service', 'mTLS share', 'Findings');
  const auditTable = () => tableWith('Rule', 'Subject', 'Why');
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

/** Back on a neutral page: no measured view is mounted any more. */
export const ENTITY_GONE = `() => {
  ${HELPERS}
  return (
    !cardTitle(text => text === 'About') &&
    !trafficTable() &&
    !catalogTable() &&
    !servicesTable()
  );
}`;

/**
 * Catalog index: the table's first row is visible and its title counts the
 * whole filtered set, `(expected)`, with no count still loading. The table
 * pages on the server (cursor pagination, 20 rows) and sorts a page in the
 * browser. Returns where to click the "Name" column's sort button.
 */
export const CATALOG_READY = `(expected) => {
  ${HELPERS}
  if (signIn()) return { signIn: true };
  const table = catalogTable();
  const row = firstRow(table, 4);
  if (!visible(row)) return false;
  const paper = table.closest('.MuiPaper-root');
  const title = paper && [...paper.querySelectorAll('h5, h6')].find(h => /\\(\\d+\\)$/.test(h.textContent.trim()));
  if (!title || !title.textContent.trim().endsWith('(' + expected + ')')) return false;
  if (paper.querySelector('[data-testid="loading-indicator"]')) return false;
  const at = performance.now();
  const sort = sortLabel(table, 'Name');
  if (!sort) return false;
  return {
    at,
    title: title.textContent.trim(),
    firstName: row.querySelector('td').textContent.trim(),
    sortButton: clickPoint(sort),
  };
}`;

/**
 * After the click on "Name": the column is the active sort and the page's
 * rows are in ascending name order (the server's order may already be that
 * one, so the first row need not change; material-table marks the column
 * in the render that sorts the rows).
 */
export const CATALOG_SORTED = `() => {
  ${HELPERS}
  const table = catalogTable();
  const row = firstRow(table, 4);
  if (!visible(row)) return false;
  const sort = sortLabel(table, 'Name');
  if (!sort || !sort.classList.contains('MuiTableSortLabel-active')) return false;
  const names = [...table.querySelectorAll('tbody tr')]
    .map(tr => tr.querySelector('td')?.textContent.trim() ?? '')
    .filter(Boolean);
  for (let i = 1; i < names.length; i++) if (names[i - 1].localeCompare(names[i]) > 0) return false;
  return { at: performance.now(), firstName: names[0] };
}`;

/**
 * Mesh overview: the team scorecards, the services table's first row and
 * the audit list's first row are visible, with the findings count of the
 * summary. Returns where to click the "Service" column's sort button.
 */
export const MESH_OVERVIEW_READY = `() => {
  ${HELPERS}
  if (signIn()) return { signIn: true };
  const scorecards = cardTitle(text => text === 'Team scorecards');
  if (!visible(scorecards)) return false;
  const card = scorecards.closest('.MuiCard-root');
  if (!card || !visible(card.querySelector('li'))) return false;
  const row = firstRow(servicesTable(), 6);
  const finding = firstRow(auditTable(), 6);
  if (!visible(row) || !visible(finding)) return false;
  const all = [...document.querySelectorAll('.MuiToggleButton-root')].find(b => /^All \\(\\d+\\)$/.test(b.textContent.trim()));
  if (!all) return false;
  const at = performance.now();
  const sort = sortLabel(servicesTable(), 'Service');
  if (!sort) return false;
  return {
    at,
    findings: Number(all.textContent.trim().slice(5, -1)),
    firstService: row.querySelector('td').textContent.trim(),
    sortButton: clickPoint(sort),
  };
}`;

/** After the click on "Service": the services table's first row is another service (sorted on the server). */
export const MESH_OVERVIEW_SORTED = `(before) => {
  ${HELPERS}
  const row = firstRow(servicesTable(), 6);
  if (!visible(row)) return false;
  const service = row.querySelector('td').textContent.trim();
  if (service === before) return false;
  return { at: performance.now(), firstService: service };
}`;

/** A page expression that calls `fn` (one of the above) with a JSON argument. */
export function probe(fn, arg) {
  return `(${fn})(${arg === undefined ? '' : JSON.stringify(arg)})`;
}
