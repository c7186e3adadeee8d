import type { TrafficFlow } from '@mesh-security/plugin-mesh-security-common';
import InputAdornment from '@material-ui/core/InputAdornment';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { memo, useMemo, useState, type ReactNode } from 'react';
import { formatMs, formatPercent, formatRate } from '../../format';
import { HEALTH_RANK, HealthStatus, StatusLabel } from '../Status';
import { flowSecurity, flowSecurityText, rateUnit } from './flowSecurity';

/** Rows per page; an entity may have a thousand edges. */
export const TRAFFIC_PAGE_SIZE = 20;

const PAGE_SIZE_OPTIONS = [TRAFFIC_PAGE_SIZE, 50, 100];

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

/** Missing latencies sort below every measured one. */
const orLowest = (value: number | null) =>
  value === null ? Number.NEGATIVE_INFINITY : value;

const collator = new Intl.Collator(undefined, { numeric: true });

export type TrafficSortKey =
  | 'peer'
  | 'direction'
  | 'rate'
  | 'errorShare'
  | 'p50Ms'
  | 'p99Ms'
  | 'mtlsShare'
  | 'health';

export type SortDirection = 'asc' | 'desc';

interface Column {
  key: TrafficSortKey;
  title: string;
  numeric?: boolean;
  /** a peer name and direction stay on one line; the other columns give way */
  nowrap?: boolean;
  /** the direction a first click on the header sorts in */
  firstDirection: SortDirection;
  compare: (a: TrafficFlow, b: TrafficFlow) => number;
  render: (flow: TrafficFlow) => ReactNode;
}

const byNumber =
  (value: (flow: TrafficFlow) => number) => (a: TrafficFlow, b: TrafficFlow) =>
    value(a) - value(b);

const COLUMNS: Column[] = [
  {
    key: 'peer',
    title: 'Peer',
    nowrap: true,
    firstDirection: 'asc',
    compare: (a, b) => collator.compare(a.peer, b.peer),
    render: flow => flow.peer,
  },
  {
    key: 'direction',
    title: 'Direction',
    nowrap: true,
    firstDirection: 'asc',
    compare: (a, b) => collator.compare(a.direction, b.direction),
    render: flow =>
      flow.direction === 'inbound' ? 'caller (in)' : 'destination (out)',
  },
  {
    key: 'rate',
    title: 'Rate',
    numeric: true,
    firstDirection: 'desc',
    compare: byNumber(f => f.rate),
    render: flow => formatRate(flow.rate, rateUnit(flow)),
  },
  {
    key: 'errorShare',
    title: 'Errors',
    numeric: true,
    firstDirection: 'desc',
    compare: byNumber(f => f.errorShare),
    render: flow => formatPercent(flow.errorShare),
  },
  {
    key: 'p50Ms',
    title: 'p50',
    numeric: true,
    firstDirection: 'desc',
    compare: byNumber(f => orLowest(f.p50Ms)),
    render: flow => formatMs(flow.p50Ms),
  },
  {
    key: 'p99Ms',
    title: 'p99',
    numeric: true,
    firstDirection: 'desc',
    compare: byNumber(f => orLowest(f.p99Ms)),
    render: flow => formatMs(flow.p99Ms),
  },
  {
    key: 'mtlsShare',
    title: 'mTLS',
    firstDirection: 'asc',
    compare: byNumber(mtlsSortValue),
    render: flow => (
      <StatusLabel level={SECURITY_LEVEL[flowSecurity(flow)]}>
        {flowSecurityText(flow)}
      </StatusLabel>
    ),
  },
  {
    key: 'health',
    title: 'Health',
    firstDirection: 'desc',
    compare: byNumber(f => HEALTH_RANK[f.health] ?? -1),
    render: flow => <HealthStatus health={flow.health} />,
  },
];

const COLUMN_BY_KEY = Object.fromEntries(COLUMNS.map(c => [c.key, c])) as {
  [K in TrafficSortKey]: Column;
};

/**
 * The flows in the order of `key` and `direction`; a new array, the input is
 * left alone. Stable: equal flows keep their order in either direction.
 */
export function sortFlows(
  flows: readonly TrafficFlow[],
  key: TrafficSortKey,
  direction: SortDirection,
): TrafficFlow[] {
  const { compare } = COLUMN_BY_KEY[key];
  const sign = direction === 'asc' ? 1 : -1;
  return [...flows].sort((a, b) => sign * compare(a, b));
}

const flowKey = (flow: TrafficFlow) =>
  `${flow.direction}:${flow.peer}:${flow.protocol}`;

/** One row; memoized so a page change re-renders only the rows that change. */
const FlowRow = memo(function FlowRowView(props: { flow: TrafficFlow }) {
  return (
    <TableRow hover>
      {COLUMNS.map(column => (
        <TableCell
          key={column.key}
          align={column.numeric ? 'right' : 'left'}
          style={column.nowrap ? { whiteSpace: 'nowrap' } : undefined}
        >
          {column.render(props.flow)}
        </TableCell>
      ))}
    </TableRow>
  );
});

let nextId = 0;

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    padding: theme.spacing(2, 2, 1),
  },
  grow: { flexGrow: 1 },
}));

/**
 * Every edge of the workload, sortable and searchable, paged by
 * {@link TRAFFIC_PAGE_SIZE}. Sorting, filtering and paging happen here,
 * memoized; only the current page is rendered.
 */
export function TrafficTable(props: { flows: TrafficFlow[]; title?: string }) {
  const { flows } = props;
  const classes = useStyles();
  const [titleId] = useState(() => `mesh-security-traffic-${++nextId}`);
  const [sort, setSort] = useState<{
    key: TrafficSortKey;
    direction: SortDirection;
  }>({ key: 'rate', direction: 'desc' });
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(TRAFFIC_PAGE_SIZE);

  const count = flows.length;
  const searchable = count > 5;
  const paged = count > TRAFFIC_PAGE_SIZE;

  const sorted = useMemo(
    () => sortFlows(flows, sort.key, sort.direction),
    [flows, sort.key, sort.direction],
  );
  const needle = query.trim().toLowerCase();
  const matching = useMemo(
    () =>
      needle
        ? sorted.filter(flow =>
            `${flow.peer} ${flow.direction} ${flow.protocol}`
              .toLowerCase()
              .includes(needle),
          )
        : sorted,
    [sorted, needle],
  );
  const size = paged ? pageSize : Math.max(count, 1);
  const lastPage = Math.max(0, Math.ceil(matching.length / size) - 1);
  const current = Math.min(page, lastPage);
  const shown = useMemo(
    () => matching.slice(current * size, (current + 1) * size),
    [matching, current, size],
  );

  const onSort = (key: TrafficSortKey) => {
    setSort(s =>
      s.key === key
        ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: COLUMN_BY_KEY[key].firstDirection },
    );
    setPage(0);
  };

  return (
    <Paper>
      <div className={classes.toolbar}>
        <Typography variant="h5" component="h3" id={titleId}>
          {props.title ?? 'Callers and destinations'}
        </Typography>
        <div className={classes.grow} />
        {searchable && (
          <TextField
            type="search"
            size="small"
            placeholder="Search"
            value={query}
            onChange={e => {
              setQuery(e.target.value);
              setPage(0);
            }}
            inputProps={{ 'aria-label': 'Search traffic by peer' }}
            InputProps={{
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" color="action" />
                </InputAdornment>
              ),
            }}
          />
        )}
      </div>
      <TableContainer>
        <Table size="small" aria-labelledby={titleId}>
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => {
                const active = sort.key === column.key;
                return (
                  <TableCell
                    key={column.key}
                    align={column.numeric ? 'right' : 'left'}
                    sortDirection={active ? sort.direction : false}
                  >
                    <TableSortLabel
                      active={active}
                      direction={
                        active ? sort.direction : column.firstDirection
                      }
                      onClick={() => onSort(column.key)}
                    >
                      {column.title}
                    </TableSortLabel>
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map(flow => (
              <FlowRow key={flowKey(flow)} flow={flow} />
            ))}
            {shown.length === 0 && (
              <TableRow>
                <TableCell colSpan={COLUMNS.length}>
                  {count === 0
                    ? 'No traffic observed in the window.'
                    : 'No traffic matches the search.'}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {paged && (
        <TablePagination
          component="div"
          count={matching.length}
          page={current}
          rowsPerPage={pageSize}
          rowsPerPageOptions={PAGE_SIZE_OPTIONS}
          onPageChange={(_, next) => setPage(next)}
          onRowsPerPageChange={e => {
            setPageSize(Number(e.target.value));
            setPage(0);
          }}
          labelRowsPerPage="Traffic rows per page:"
          backIconButtonText="Previous traffic page"
          nextIconButtonText="Next traffic page"
          SelectProps={{
            inputProps: { 'aria-label': 'Traffic rows per page' },
          }}
        />
      )}
    </Paper>
  );
}
