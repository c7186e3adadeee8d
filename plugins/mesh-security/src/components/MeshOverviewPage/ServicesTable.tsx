import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import {
  ListPage,
  OverviewServiceSort,
  OverviewServicesQuery,
  SEVERITIES,
  ScorecardEntity,
} from '@mesh-security/plugin-mesh-security-common';
import { formatPercent, formatRate } from '../../format';
import { HealthStatus, MtlsModeStatus } from '../Status';
import { SeverityCounts, severityRank } from '../TeamScorecard';
import { useServerPagedTable } from './useServerPagedTable';

/** Worst severity first, then more findings of each severity, then by name. */
export function compareByWorstFinding(
  a: ScorecardEntity,
  b: ScorecardEntity,
): number {
  const byWorst =
    severityRank(a.summary.worstSeverity) -
    severityRank(b.summary.worstSeverity);
  if (byWorst !== 0) return byWorst;
  for (const severity of SEVERITIES) {
    const diff =
      (b.summary.findingsBySeverity[severity] ?? 0) -
      (a.summary.findingsBySeverity[severity] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.entityRef.localeCompare(b.entityRef);
}

// Unknown values sort after every known one in ascending order.
const nullLast = (a: number | null, b: number | null) =>
  (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY);

const columns: TableColumn<ScorecardEntity>[] = [
  {
    title: 'Service',
    field: 'entityRef',
    highlight: true,
    render: row => (
      <EntityRefLink entityRef={row.entityRef}>{row.title}</EntityRefLink>
    ),
  },
  {
    title: 'mTLS mode',
    field: 'summary.mtlsMode',
    render: row => <MtlsModeStatus mode={row.summary.mtlsMode} />,
  },
  {
    title: 'Traffic',
    field: 'summary.rps',
    type: 'numeric',
    customSort: (a, b) => nullLast(a.summary.rps, b.summary.rps),
    render: row =>
      row.summary.rps === null ? 'no metrics' : formatRate(row.summary.rps),
  },
  {
    title: 'mTLS share',
    field: 'summary.mtlsTrafficShare',
    type: 'numeric',
    customSort: (a, b) =>
      nullLast(a.summary.mtlsTrafficShare, b.summary.mtlsTrafficShare),
    render: row =>
      row.summary.mtlsTrafficShare === null
        ? 'no traffic'
        : formatPercent(row.summary.mtlsTrafficShare),
  },
  {
    title: 'Health',
    field: 'summary.health',
    render: row => <HealthStatus health={row.summary.health} />,
  },
  {
    title: 'Findings',
    field: 'summary.worstSeverity',
    defaultSort: 'asc',
    customSort: compareByWorstFinding,
    render: row => <SeverityCounts counts={row.summary.findingsBySeverity} />,
  },
];

/** The backend's sort key of each sortable column, by the column's field. */
const SORT_BY_FIELD: Record<string, OverviewServiceSort> = {
  entityRef: 'name',
  'summary.mtlsMode': 'mode',
  'summary.rps': 'rps',
  'summary.mtlsTrafficShare': 'mtlsShare',
  'summary.health': 'health',
  'summary.worstSeverity': 'findings',
};

/** Loads one page of services from the backend (paged, sorted and searched there). */
export type LoadServices = (
  query: OverviewServicesQuery,
) => Promise<ListPage<ScorecardEntity>>;

const EMPTY = `No catalog entity matched a workload. Entities need the Kubernetes plugin's ${KUBERNETES_ANNOTATION} annotation.`;

/** What an empty table says; never an empty-looking list for a page that failed. */
function emptyMessage(failed: boolean, searched: boolean): string {
  if (failed) return 'The services could not be loaded.';
  return searched ? 'No service matches.' : EMPTY;
}

/**
 * Every matched service, worst finding first: from the backend one page at a
 * time (`load`), or all at once from an older API (`services`).
 */
export function ServicesTable(
  props: { services: ScorecardEntity[] } | { load: LoadServices },
) {
  const { remote, error, searched } = useServerPagedTable(
    'load' in props ? props.load : undefined,
    SORT_BY_FIELD,
  );
  return (
    <>
      {error && <ResponseErrorPanel error={error} />}
      <Table<ScorecardEntity>
        title="Services"
        subtitle="Catalog entities whose Kubernetes annotations match workloads"
        columns={columns}
        data={
          'load' in props
            ? remote
            : // material-table writes its row state into the objects it gets: hand it copies
              props.services.map(s => ({ ...s })).sort(compareByWorstFinding)
        }
        options={{
          paging: true,
          pageSize: 10,
          pageSizeOptions: [10, 25, 50],
          search: true,
          padding: 'dense',
          emptyRowsWhenPaging: false,
        }}
        localization={{
          body: {
            emptyDataSourceMessage: emptyMessage(Boolean(error), searched),
          },
        }}
        emptyContent={
          <div style={{ padding: 16 }}>
            No catalog entity matched a workload. Entities need the Kubernetes
            plugin's <code>backstage.io/kubernetes-id</code> annotation.
          </div>
        }
      />
    </>
  );
}
