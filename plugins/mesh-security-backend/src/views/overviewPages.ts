import type {
  Finding,
  Health,
  ListPage,
  OverviewFindingSort,
  OverviewServiceSort,
  ScorecardEntity,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { severityRank } from './summary';

type ClusterFinding = Finding & { cluster: string };
type Compare<T> = (a: T, b: T) => number;

export interface PageQuery<S extends string> {
  offset: number;
  limit: number;
  sort: S;
  order: 'asc' | 'desc';
  q?: string;
}

const MODE_RANK: Record<string, number> = {
  DISABLE: 0,
  NONE: 1,
  MIXED: 2,
  PERMISSIVE: 3,
  STRICT: 4,
};
const HEALTH_RANK: Record<Health, number> = { CRIT: 0, WARN: 1, OK: 2 };

/** Unknown (null) sorts after every known value in either order: "no metrics" is never the top or the bottom of a ranking. */
function byValue<T>(value: (row: T) => number | string | null): Compare<T> {
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return 0;
    return typeof x === 'string'
      ? x.localeCompare(y as string)
      : x - (y as number);
  };
}

function nullsLast<T>(value: (row: T) => unknown): Compare<T> {
  return (a, b) => Number(value(a) === null) - Number(value(b) === null);
}

const serviceValues: Record<
  Exclude<OverviewServiceSort, 'findings'>,
  (row: ScorecardEntity) => number | string | null
> = {
  name: row => (row.title ?? row.entityRef).toLocaleLowerCase('en-US'),
  mode: row =>
    row.summary.mtlsMode === null ? null : MODE_RANK[row.summary.mtlsMode],
  rps: row => row.summary.rps,
  mtlsShare: row => row.summary.mtlsTrafficShare,
  health: row =>
    row.summary.health === null ? null : HEALTH_RANK[row.summary.health],
};

function sortAndPage<T>(
  rows: T[],
  query: PageQuery<string>,
  compare: Compare<T>,
  unknownLast: Compare<T> = () => 0,
): ListPage<T> {
  const sign = query.order === 'desc' ? -1 : 1;
  // a stable sort: ties keep the order `rows` came in (worst first)
  const sorted = [...rows].sort(
    (a, b) => unknownLast(a, b) || sign * compare(a, b),
  );
  return {
    items: sorted.slice(query.offset, query.offset + query.limit),
    total: rows.length,
    offset: query.offset,
    limit: query.limit,
  };
}

function matchesText(
  q: string | undefined,
  ...texts: Array<string | undefined>
) {
  if (!q) return true;
  const needle = q.toLocaleLowerCase('en-US');
  return texts.some(t => t?.toLocaleLowerCase('en-US').includes(needle));
}

/**
 * One page of the overview's services. `rows` come worst first; ties of any
 * sort keep that order, so pages of equal values do not overlap.
 */
export function servicesPage(
  rows: ScorecardEntity[],
  query: PageQuery<OverviewServiceSort>,
): ListPage<ScorecardEntity> {
  const shown = rows.filter(row =>
    matchesText(query.q, row.entityRef, row.title),
  );
  if (query.sort === 'findings') {
    const position = new Map(shown.map((row, i) => [row, i]));
    return sortAndPage(
      shown,
      query,
      (a, b) => position.get(a)! - position.get(b)!,
    );
  }
  const value = serviceValues[query.sort];
  return sortAndPage(shown, query, byValue(value), nullsLast(value));
}

const findingValues: Record<
  OverviewFindingSort,
  (row: ClusterFinding) => number | string
> = {
  severity: row => severityRank(row.severity),
  rule: row => row.rule,
  subject: row => row.subject,
  cluster: row => row.cluster,
  reason: row => row.reason,
};

/** One page of the mesh's findings; `findings` come worst first, which breaks ties. */
export function findingsPage(
  findings: ClusterFinding[],
  query: PageQuery<OverviewFindingSort> & { severity?: Severity[] },
): ListPage<ClusterFinding> {
  const severities = query.severity?.length ? new Set(query.severity) : null;
  const shown = findings.filter(
    f =>
      (!severities || severities.has(f.severity)) &&
      matchesText(query.q, f.rule, f.subject, f.cluster, f.reason),
  );
  return sortAndPage(shown, query, byValue(findingValues[query.sort]));
}
