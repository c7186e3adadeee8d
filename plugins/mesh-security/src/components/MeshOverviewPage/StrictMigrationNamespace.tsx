import type {
  StrictMigrationNamespace as NamespaceStep,
  StrictMigrationWorkload,
} from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { Remediation } from '../FindingsList/Remediation';
import { StatusLabel, type StatusLevel } from '../Status';
import { WorkloadEntityLink } from '../WhatIf';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1.5, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  heading: {
    display: 'flex',
    alignItems: 'baseline',
    gap: 8,
    flexWrap: 'wrap',
  },
  list: { margin: theme.spacing(0.5, 0, 0), paddingLeft: 16 },
}));

const NAMESPACE_STATE: Record<NamespaceStep['state'], [StatusLevel, string]> = {
  blocked: ['error', 'blocked'],
  ready: ['ok', 'ready for STRICT'],
  strict: ['ok', 'STRICT'],
  'outside-mesh': ['unknown', 'outside the mesh'],
};

const WORKLOAD_STATE: Record<
  StrictMigrationWorkload['state'],
  [StatusLevel, string]
> = {
  strict: ['ok', 'STRICT already'],
  ready: ['ok', 'STRICT-ready'],
  blocked: ['error', 'plaintext callers'],
  unproven: ['warning', 'not proven ready'],
  'outside-mesh': ['unknown', 'outside the mesh'],
};

function WorkloadStep(props: { step: StrictMigrationWorkload }) {
  const classes = useStyles();
  const w = props.step;
  const [level, text] = WORKLOAD_STATE[w.state];
  return (
    <li>
      <Typography variant="body2" component="span">
        {w.workload} · <StatusLabel level={level}>{text}</StatusLabel>
      </Typography>
      <WorkloadEntityLink entity={w.entity} />
      {w.state !== 'strict' && (
        <Typography variant="body2" color="textSecondary">
          {w.reason}
        </Typography>
      )}
      {w.plaintextCallers && w.plaintextCallers.length > 0 && (
        <ul
          className={classes.list}
          aria-label={`Plaintext callers of ${w.workload}`}
        >
          {w.plaintextCallers.map(c => (
            <li key={c.workload}>
              <Typography variant="body2" component="span">
                {c.workload}
              </Typography>
              <WorkloadEntityLink entity={c.entity} />
            </li>
          ))}
          {w.moreCallers !== undefined && (
            <li>
              <Typography variant="body2" component="span">
                and {w.moreCallers} more
              </Typography>
            </li>
          )}
        </ul>
      )}
      {w.remediation && (
        <Remediation
          yaml={w.remediation}
          what={`STRICT for ${w.workload}`}
          folded
        />
      )}
    </li>
  );
}

/** `3 ready, 1 blocked` of a namespace's workloads, in the order of WORKLOAD_STATE. */
function workloadCounts(workloads: StrictMigrationWorkload[]): string {
  const counts = new Map<string, number>();
  for (const w of workloads) {
    const label = WORKLOAD_STATE[w.state][1];
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => `${count} ${label}`).join(', ');
}

/**
 * One namespace on the way to STRICT: what blocks it, the policy safe to
 * apply, and its workloads, listed once asked for unless `expanded`: a large
 * mesh has thousands, and rendering them all held the page for minutes.
 */
export function StrictMigrationNamespace(props: {
  step: NamespaceStep;
  showCluster: boolean;
  expanded?: boolean;
}) {
  const classes = useStyles();
  const n = props.step;
  const [open, setOpen] = useState(props.expanded ?? false);
  const [level, text] = NAMESPACE_STATE[n.state];
  const name = props.showCluster
    ? `${n.namespace} (cluster ${n.cluster})`
    : n.namespace;
  return (
    <section
      className={classes.root}
      aria-label={`Namespace ${name}`}
      data-testid={`strict-migration-${n.cluster}-${n.namespace}`}
    >
      <div className={classes.heading}>
        <Typography variant="subtitle1" component="h3">
          {name}
        </Typography>
        <StatusLabel level={level}>{text}</StatusLabel>
      </div>
      {n.unknownKinds && (
        <Typography variant="body2" color="textSecondary">
          Not everything of this cluster could be read (
          {n.unknownKinds.join(', ')}): modes may differ from what is shown.
        </Typography>
      )}
      {n.state === 'blocked' && (
        <Typography variant="body2">
          Namespace-wide STRICT is not safe yet: {n.blockers.join(', ')}{' '}
          {n.blockers.length === 1 ? 'blocks' : 'block'} it.
        </Typography>
      )}
      {n.state === 'ready' && !n.safeToApply && (
        <Typography variant="body2">
          Every workload is ready; workload policies of their own override a
          namespace-wide one, so apply theirs.
        </Typography>
      )}
      {n.safeToApply && (
        <>
          <Typography variant="body2">
            Safe to apply now: namespace-wide STRICT breaks no observed caller.
          </Typography>
          <Remediation
            yaml={n.safeToApply}
            what={`STRICT for namespace ${n.namespace}`}
          />
        </>
      )}
      <Typography variant="body2" color="textSecondary">
        {n.workloads.length}{' '}
        {n.workloads.length === 1 ? 'workload' : 'workloads'}
        {n.workloads.length > 0 && `: ${workloadCounts(n.workloads)}`}
        {n.workloads.length > 0 && (
          <>
            {' '}
            <Button
              size="small"
              color="primary"
              aria-expanded={open}
              onClick={() => setOpen(!open)}
            >
              {open ? 'Hide' : 'Show'} the workloads of {name}
            </Button>
          </>
        )}
      </Typography>
      {open && (
        <ul className={classes.list} aria-label={`Workloads of ${name}`}>
          {n.workloads.map(w => (
            <WorkloadStep key={w.workload} step={w} />
          ))}
        </ul>
      )}
    </section>
  );
}
