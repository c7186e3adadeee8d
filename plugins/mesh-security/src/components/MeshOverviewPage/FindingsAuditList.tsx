import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { Table, TableColumn } from '@backstage/core-components';
import { YamlText } from '../YamlText';
import {
  Finding,
  SEVERITIES,
  Severity,
  SuppressedFinding,
} from '@mesh-security/plugin-mesh-security-common';
import { SeverityChip } from '../Status';
import { SuppressedFindings } from '../SuppressedFindings';
import { severityRank } from '../TeamScorecard';

type AuditFinding = Finding & { cluster: string };
type SeverityFilter = Severity | 'all';

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

/** Every finding of the mesh, filterable by severity, with the YAML that fixes it; suppressed ones folded below. */
export function FindingsAuditList(props: {
  findings: AuditFinding[];
  suppressed?: Array<SuppressedFinding & { cluster: string }>;
}) {
  const [filter, setFilter] = useState<SeverityFilter>('all');
  const counts = useMemo(() => {
    const result = Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
      Severity,
      number
    >;
    for (const finding of props.findings) result[finding.severity] += 1;
    return result;
  }, [props.findings]);
  const shown = useMemo(
    () =>
      props.findings
        .filter(f => filter === 'all' || f.severity === filter)
        // material-table writes its row state into the objects it gets: hand it copies
        .map(f => ({ ...f }))
        .sort((a, b) => severityRank(a.severity) - severityRank(b.severity)),
    [props.findings, filter],
  );

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
          aria-label={`all severities (${props.findings.length})`}
        >
          All ({props.findings.length})
        </ToggleButton>
        {SEVERITIES.map(severity => (
          <ToggleButton
            key={severity}
            value={severity}
            disabled={counts[severity] === 0}
            aria-label={`${severity} (${counts[severity]})`}
          >
            {severity} ({counts[severity]})
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Box mt={1}>
        <Table<AuditFinding>
          title="Audit"
          subtitle="Every finding in the mesh; open a row for the YAML that fixes it"
          columns={columns}
          data={shown}
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
          emptyContent={
            <Box p={2}>
              {props.findings.length === 0
                ? 'No findings in the mesh.'
                : `No ${filter} findings.`}
            </Box>
          }
        />
      </Box>
      <SuppressedFindings findings={props.suppressed} showCluster />
    </Box>
  );
}
