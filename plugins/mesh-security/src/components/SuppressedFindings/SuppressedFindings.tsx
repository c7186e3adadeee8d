import {
  SEVERITIES,
  type SuppressedFinding,
} from '@mesh-security/plugin-mesh-security-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useMemo, useState } from 'react';
import { SeverityChip } from '../Status';

// useId is React 18 only; the plugin also supports React 17
let nextId = 0;

const useStyles = makeStyles(theme => ({
  root: { marginTop: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  heading: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: 8,
  },
}));

type Suppressed = SuppressedFinding & { cluster?: string };

const rank = (f: Suppressed) => SEVERITIES.indexOf(f.severity);

function acceptedBy(f: Suppressed): string {
  const { by, reason, until } = f.suppression;
  const where =
    by === 'annotation'
      ? 'mesh-security.io/suppress annotation'
      : 'suppression configuration';
  return `Suppressed by ${where}: ${reason ?? 'no reason given'}${
    until ? ` (until ${until})` : ''
  }`;
}

/**
 * Findings accepted on purpose, folded behind a "Suppressed (N)" toggle: they
 * are not counted anywhere, but never hidden either. Each shows why it was
 * accepted, as text. Nothing is rendered when there are none.
 */
export function SuppressedFindings(props: {
  findings: Suppressed[] | undefined;
  /** show each finding's cluster (the findings come from several) */
  showCluster?: boolean;
}) {
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const [id] = useState(() => `mesh-security-suppressed-${++nextId}`);
  const sorted = useMemo(
    () =>
      [...(props.findings ?? [])].sort(
        (a, b) => rank(a) - rank(b) || a.subject.localeCompare(b.subject),
      ),
    [props.findings],
  );
  if (sorted.length === 0) return null;
  return (
    <section className={classes.root} aria-label="Suppressed findings">
      <Button
        size="small"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(o => !o)}
        startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
      >
        Suppressed ({sorted.length})
      </Button>
      {open && (
        <ul id={id} className={classes.list}>
          {sorted.map(f => (
            <li
              key={`${f.cluster ?? ''}|${f.rule}|${f.subject}|${f.port ?? ''}`}
              className={classes.item}
              aria-label={`suppressed ${f.severity} finding ${f.rule}`}
            >
              <div className={classes.heading}>
                <SeverityChip severity={f.severity} />
                <Typography variant="subtitle2" component="h4">
                  {f.rule}
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  {f.subject}
                  {f.port !== undefined ? ` · port ${f.port}` : ''}
                  {props.showCluster && f.cluster
                    ? ` · cluster ${f.cluster}`
                    : ''}
                </Typography>
              </div>
              <Typography variant="body2">{f.reason}</Typography>
              <Typography variant="body2" color="textSecondary">
                {acceptedBy(f)}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
