import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { YamlText } from '../YamlText';
import {
  countBySeverity,
  Finding,
  ListPage,
  OverviewFindingSort,
  OverviewFindingsQuery,
  SEVERITIES,
  Severity,
  SuppressedFinding,
} from '@mesh-security/plugin-mesh-security-common';
import { SeverityChip } from '../Status';
import { SuppressedFindings } from '../SuppressedFindings';
import { severityRank } from '../TeamScorecard';
import { PageQuery, useServerPagedTable } from './useServerPagedTable';

type AuditFinding = Finding & { cluster: string };
type SeverityFilter = Severity | 'all';

/** Loads one page of findings from the backend (paged, filtered and sorted there). */
export type LoadFindings = (
  query: OverviewFindingsQuery,
) => Promise<ListPage<AuditFinding>>;

const SORT_BY_FIELD: Record<string, OverviewFindingSort> = {
  severity: 'severity',
  rule: 'rule',
  subject: 'subject',
  cluster: 'cluster',
  reason: 'reason',
};

const columns: TableColumn<AuditFinding>[] = [
  {
    title: 'Severity',
    field: 'severity',
    defaultSort: 'asc',
    customSort: (a, b) => severityRank(a.severity) - severityRank(b.severity),
    render: row => <SeverityChip severity={row.severity} />,
  },
  { title: 'Rule', field: 'rule' },
  {
    title: 'Subject',
    field: 'subject',
    render: row => (
      <>
        {row.subject}
        {row.port !== undefined && `:${row.port}`}
      </>
    ),
  },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Why', field: 'reason' },
  {
    title: 'Fix',
    field: 'remediation',
    sorting: false,
    cellStyle: { whiteSpace: 'nowrap' },
    render: row => (row.remediation ? 'YAML' : 'none'),
  },
];

function Remediation(props: { finding: AuditFinding }) {
  const { finding } = props;
  if (!finding.remediation) {
    return (
      <Box p={2} data-testid="finding-remediation">
        No remediation YAML for {finding.rule}: {finding.reason}
      </Box>
    );
  }
  return (
    <Box p={2} data-testid="finding-remediation">
      <Typography variant="subtitle2" gutterBottom>
        Remediation for {finding.rule} on {finding.subject}
      </Typography>
      <YamlText
        text={finding.remediation}
        copyLabel={`remediation for ${finding.rule} on ${finding.subject}`}
      />
    </Box>
  );
}

/** What an empty table says; never an empty-looking list for a page that failed. */
function emptyMessage(state: {
  failed: boolean;
  total: number | undefined;
  filter: SeverityFilter;
  searched: boolean;
}): string {
  if (state.failed) return 'The findings could not be loaded.';
  if (state.total === 0) return 'No findings in the mesh.';
  const which = state.filter === 'all' ? '' : `${state.filter} `;
  return `No ${which}findings${state.searched ? ' match' : ''}.`;
}

/**
 * Every finding of the mesh, filterable by severity, with the YAML that fixes
 * it; suppressed ones folded below. From the backend one page at a time
 * (`load`, with the `counts` of the summary), or all at once from an older
 * API (`findings`).
 */
export function FindingsAuditList(
  props: (
    | { findings: AuditFinding[] }
    | {
        load: LoadFindings;
        /** findings per severity; undefined until the summary has loaded */
        counts?: Record<Severity, number>;
      }
  ) & {
    suppressed?: Array<SuppressedFinding & { cluster: string }>;
  },
) {
  const [filter, setFilter] = useState<SeverityFilter>('all');
  const local = 'findings' in props ? props.findings : undefined;
  const load = 'load' in props ? props.load : undefined;
  const summaryCounts = 'counts' in props ? props.counts : undefined;
  const counts = useMemo(
    () => (local ? countBySeverity(local) : summaryCounts),
    [local, summaryCounts],
  );
  const total = counts
    ? SEVERITIES.reduce((sum, s) => sum + counts[s], 0)
    : undefined;
  const shown = useMemo(
    () =>
      local
        ?.filter(f => filter === 'all' || f.severity === filter)
        // material-table writes its row state into the objects it gets: hand it copies
        .map(f => ({ ...f }))
        .sort((a, b) => severityRank(a.severity) - severityRank(b.severity)),
    [local, filter],
  );
  const loadFiltered = useMemo(
    () =>
      load &&
      ((query: PageQuery<OverviewFindingSort>) =>
        load({
          ...query,
          severity: filter === 'all' ? undefined : [filter],
        })),
    [load, filter],
  );
  const { remote, error, searched } = useServerPagedTable(
    loadFiltered,
    SORT_BY_FIELD,
  );
  const empty = emptyMessage({
    failed: Boolean(error),
    total,
    filter,
    searched,
  });

  return (
    <Box>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={filter}
        onChange={(_, value: SeverityFilter | null) =>
          value && setFilter(value)
        }
        aria-label="Filter findings by severity"
      >
        <ToggleButton
          value="all"
          aria-label={
            total === undefined ? 'all severities' : `all severities (${total})`
          }
        >
          {total === undefined ? 'All' : `All (${total})`}
        </ToggleButton>
        {SEVERITIES.map(severity => (
          <ToggleButton
            key={severity}
            value={severity}
            disabled={counts?.[severity] === 0}
            aria-label={counts ? `${severity} (${counts[severity]})` : severity}
          >
            {counts ? `${severity} (${counts[severity]})` : severity}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {error && <ResponseErrorPanel error={error} />}
      <Box mt={1}>
        <Table<AuditFinding>
          // a new filter is a new query from the first page
          key={load ? filter : 'local'}
          title="Audit"
          subtitle="Every finding in the mesh; open a row for the YAML that fixes it"
          columns={columns}
          data={shown ?? remote}
          options={{
            paging: true,
            pageSize: 10,
            pageSizeOptions: [10, 25, 50, 100],
            search: true,
            padding: 'dense',
            emptyRowsWhenPaging: false,
          }}
          // One panel per row: material-table 3's per-row panel arrays do not render.
          detailPanel={({ rowData }) => <Remediation finding={rowData} />}
          localization={{ body: { emptyDataSourceMessage: empty } }}
          emptyContent={<Box p={2}>{empty}</Box>}
        />
      </Box>
      <SuppressedFindings findings={props.suppressed} showCluster />
    </Box>
  );
}
