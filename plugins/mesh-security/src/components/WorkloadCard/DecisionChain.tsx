import type { ModeDecisionStep } from '@mesh-security/plugin-mesh-security-common';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { describeLevel } from './describeLevel';
import { PolicyDetailsDialog } from './PolicyDetailsDialog';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, padding: 0, listStyle: 'none' },
  // one step per line: a narrow card wraps the policy name inside its column,
  // never the mode onto a line of its own
  step: {
    display: 'grid',
    gridTemplateColumns: '6.5em minmax(0, max-content) max-content',
    justifyContent: 'start',
    columnGap: theme.spacing(1),
    alignItems: 'baseline',
    padding: theme.spacing(0.25, 0),
  },
  level: { color: theme.palette.text.secondary },
  policy: { textAlign: 'left', overflowWrap: 'anywhere' },
  mode: { whiteSpace: 'nowrap' },
}));

/**
 * How the effective mode was composed, mesh → namespace → workload → port,
 * one step per line (level, policy, mode as written → mode after the step).
 * Each policy opens its details; the last step's result is what applies.
 */
export function DecisionChain(props: { chain: ModeDecisionStep[] }) {
  const classes = useStyles();
  const [open, setOpen] = useState<ModeDecisionStep>();
  if (props.chain.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No PeerAuthentication applies.
      </Typography>
    );
  }
  return (
    <>
      <ol className={classes.list} aria-label="mTLS decision chain">
        {props.chain.map(step => (
          <li
            key={`${step.level}-${step.policy}-${step.port ?? ''}`}
            className={classes.step}
          >
            <Typography
              variant="caption"
              component="span"
              className={classes.level}
            >
              {describeLevel(step)}
            </Typography>
            <Link
              component="button"
              variant="body2"
              className={classes.policy}
              onClick={() => setOpen(step)}
              aria-label={`Show ${step.policy ?? "Istio's default"} details`}
            >
              {step.policy ?? 'default'}
            </Link>
            <Typography
              variant="body2"
              component="span"
              className={classes.mode}
            >
              {step.mode === 'UNSET' ? 'inherits' : step.mode} →{' '}
              {step.effective}
            </Typography>
          </li>
        ))}
      </ol>
      <PolicyDetailsDialog step={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
