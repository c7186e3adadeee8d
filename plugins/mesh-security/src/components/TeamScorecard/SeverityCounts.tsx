import { makeStyles } from '@material-ui/core/styles';
import {
  SEVERITIES,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { StatusKind, StatusLabel } from './StatusLabel';

/** critical/high block a rollout, medium/low are debt, info is advice. */
export const SEVERITY_STATUS: Record<Severity, StatusKind> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'warning',
  info: 'info',
};

/** Position in SEVERITIES (0 = critical); no severity sorts after info. */
export function severityRank(severity: Severity | null | undefined): number {
  return severity ? SEVERITIES.indexOf(severity) : SEVERITIES.length;
}

/** One severity as icon + word. */
export function SeverityLabel(props: { severity: Severity }) {
  return (
    <StatusLabel kind={SEVERITY_STATUS[props.severity]}>
      {props.severity}
    </StatusLabel>
  );
}

const useStyles = makeStyles(theme => ({
  list: {
    display: 'inline-flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1.5),
  },
}));

/** "2 critical · 1 high …": non-zero severities only, most severe first. */
export function SeverityCounts(props: {
  counts: Partial<Record<Severity, number>>;
}) {
  const classes = useStyles();
  const present = SEVERITIES.filter(s => (props.counts[s] ?? 0) > 0);
  if (present.length === 0) {
    return <StatusLabel kind="ok">no findings</StatusLabel>;
  }
  return (
    <span className={classes.list}>
      {present.map(severity => (
        <StatusLabel key={severity} kind={SEVERITY_STATUS[severity]}>
          {props.counts[severity]} {severity}
        </StatusLabel>
      ))}
    </span>
  );
}
