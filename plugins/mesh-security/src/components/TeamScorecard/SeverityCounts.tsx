import { makeStyles } from '@material-ui/core/styles';
import {
  SEVERITIES,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { StatusLabel, type StatusLevel } from '../Status';

/** critical/high block a rollout, medium/low are debt, info is advice. */
const SEVERITY_LEVEL: Record<Severity, StatusLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'warning',
  info: 'unknown',
};

/** Position in SEVERITIES (0 = critical); no severity sorts after info. */
export function severityRank(severity: Severity | null | undefined): number {
  return severity ? SEVERITIES.indexOf(severity) : SEVERITIES.length;
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
    return <StatusLabel level="ok">no findings</StatusLabel>;
  }
  return (
    <span className={classes.list}>
      {present.map(severity => (
        <StatusLabel key={severity} level={SEVERITY_LEVEL[severity]}>
          {props.counts[severity]} {severity}
        </StatusLabel>
      ))}
    </span>
  );
}
