import { InfoCard } from '@backstage/core-components';
import {
  SEVERITIES,
  type Finding,
  type SuppressedFinding,
} from '@mesh-security/plugin-mesh-security-common';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Pagination from '@material-ui/lab/Pagination';
import { Fragment, useMemo, useState } from 'react';
import { FindingItem } from './FindingItem';
import { SuppressedFindings } from '../SuppressedFindings';

/** Findings per page: each may carry a syntax-highlighted remediation. */
export const FINDINGS_PAGE_SIZE = 20;

const useStyles = makeStyles(theme => ({
  pager: {
    display: 'flex',
    justifyContent: 'center',
    marginTop: theme.spacing(2),
  },
}));

const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);

type EntityFinding = Finding & { cluster?: string };

/** One row per (cluster, rule, subject, port): the same names can exist in several clusters. */
const findingKey = (f: EntityFinding) =>
  `${f.cluster ?? ''}|${f.rule}|${f.subject}|${f.port ?? ''}`;

/** All findings of the entity, worst first, paged. */
export function FindingsList(props: {
  findings: EntityFinding[];
  /** accepted findings, listed folded below the others */
  suppressed?: Array<SuppressedFinding & { cluster?: string }>;
  /** the entity they belong to: STRICT fixes are offered as pull requests */
  entityRef?: string;
}) {
  const classes = useStyles();
  const [page, setPage] = useState(1);
  const sorted = useMemo(
    () =>
      [...props.findings].sort(
        (a, b) =>
          rank(a) - rank(b) ||
          a.subject.localeCompare(b.subject) ||
          (a.cluster ?? '').localeCompare(b.cluster ?? ''),
      ),
    [props.findings],
  );
  const pages = Math.max(1, Math.ceil(sorted.length / FINDINGS_PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = useMemo(
    () =>
      sorted.slice(
        (current - 1) * FINDINGS_PAGE_SIZE,
        current * FINDINGS_PAGE_SIZE,
      ),
    [sorted, current],
  );
  const multiCluster = useMemo(
    () => new Set(sorted.map(f => f.cluster)).size > 1,
    [sorted],
  );
  const summary = useMemo(() => {
    const counts = new Map<string, number>();
    for (const f of sorted)
      counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
    return SEVERITIES.filter(s => counts.has(s))
      .map(s => `${counts.get(s)} ${s}`)
      .join(' · ');
  }, [sorted]);
  return (
    <InfoCard
      title={`Findings (${sorted.length})`}
      subheader={summary || undefined}
    >
      {sorted.length === 0 && (
        <Typography variant="body2">
          No findings for the workloads of this entity.
        </Typography>
      )}
      {shown.map((finding, i) => (
        <Fragment key={findingKey(finding)}>
          {i > 0 && <Divider />}
          <FindingItem
            finding={finding}
            showCluster={multiCluster}
            entityRef={props.entityRef}
          />
        </Fragment>
      ))}
      {pages > 1 && (
        <div className={classes.pager}>
          <Pagination
            count={pages}
            page={current}
            onChange={(_, value) => setPage(value)}
            getItemAriaLabel={(type, value, selected) =>
              type === 'page'
                ? `${selected ? 'Current page, ' : ''}findings page ${value}`
                : `Go to ${type} findings page`
            }
          />
        </div>
      )}
      <SuppressedFindings
        findings={props.suppressed}
        showCluster={multiCluster}
      />
    </InfoCard>
  );
}
