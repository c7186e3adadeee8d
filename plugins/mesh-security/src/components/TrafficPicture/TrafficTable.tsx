import { Table, type TableColumn } from '@backstage/core-components';
import type { TrafficFlow } from '@mesh-security/plugin-mesh-security-common';
import { useMemo } from 'react';
import { formatMs, formatPercent, formatRate } from '../../format';
import { HEALTH_RANK, HealthStatus, StatusLabel } from '../Status';
import { flowSecurity, flowSecurityText, rateUnit } from './flowSecurity';

/** Rows per page; an entity may have a thousand edges. */
export const TRAFFIC_PAGE_SIZE = 20;

type Row = TrafficFlow & { id: string };

const SECURITY_LEVEL = {
  mtls: 'ok',
  partial: 'warning',
  plaintext: 'error',
  unknown: 'unknown',
} as const;

/** Unknown mTLS shares sort below 0 so plaintext and unknown stay apart. */
function mtlsSortValue(flow: TrafficFlow): number {
  if (flow.plaintext) return 0;
  return flow.mtlsShare ?? -1;
}

const columns: TableColumn<Row>[] = [
  // a peer name and direction stay on one line; the other columns give way
  {
    title: 'Peer',
    field: 'peer',
    highlight: true,
    cellStyle: { whiteSpace: 'nowrap' },
  },
  {
    title: 'Direction',
    field: 'direction',
    cellStyle: { whiteSpace: 'nowrap' },
    render: row =>
      row.direction === 'inbound' ? 'caller (in)' : 'destination (out)',
  },
  {
    title: 'Rate',
    field: 'rate',
    type: 'numeric',
    defaultSort: 'desc',
    render: row => formatRate(row.rate, rateUnit(row)),
  },
  {
    title: 'Errors',
    field: 'errorShare',
    type: 'numeric',
    render: row => formatPercent(row.errorShare),
  },
  {
    title: 'p50',
    field: 'p50Ms',
    type: 'numeric',
    render: row => formatMs(row.p50Ms),
  },
  {
    title: 'p99',
    field: 'p99Ms',
    type: 'numeric',
    render: row => formatMs(row.p99Ms),
  },
  {
    title: 'mTLS',
    field: 'mtlsShare',
    customSort: (a, b) => mtlsSortValue(a) - mtlsSortValue(b),
    render: row => (
      <StatusLabel level={SECURITY_LEVEL[flowSecurity(row)]}>
        {flowSecurityText(row)}
      </StatusLabel>
    ),
  },
  {
    title: 'Health',
    field: 'health',
    customSort: (a, b) => HEALTH_RANK[a.health] - HEALTH_RANK[b.health],
    render: row => <HealthStatus health={row.health} />,
  },
];

/** Every edge of the workload, sortable, paged by {@link TRAFFIC_PAGE_SIZE}. */
export function TrafficTable(props: { flows: TrafficFlow[]; title?: string }) {
  // stable data and options: material-table re-derives all rows whenever they change
  const rows: Row[] = useMemo(
    () =>
      props.flows.map(flow => ({
        ...flow,
        id: `${flow.direction}:${flow.peer}:${flow.protocol}`,
      })),
    [props.flows],
  );
  const count = rows.length;
  const options = useMemo(
    () => ({
      paging: count > TRAFFIC_PAGE_SIZE,
      pageSize: TRAFFIC_PAGE_SIZE,
      pageSizeOptions: [TRAFFIC_PAGE_SIZE, 50, 100],
      padding: 'dense' as const,
      search: count > 5,
    }),
    [count],
  );
  return (
    <Table<Row>
      title={props.title ?? 'Callers and destinations'}
      columns={columns}
      data={rows}
      options={options}
      emptyContent={
        <div style={{ padding: 16 }}>No traffic observed in the window.</div>
      }
    />
  );
}
