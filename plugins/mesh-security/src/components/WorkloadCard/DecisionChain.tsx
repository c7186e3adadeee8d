import type { ModeDecisionStep } from '@mesh-security/plugin-mesh-security-common';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { describeLevel } from './describeLevel';
import { PolicyDetailsDialog } from './PolicyDetailsDialog';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  step: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 1),
  },
  arrow: { color: theme.palette.text.secondary },
}));

/**
 * How the effective mode was composed, mesh → namespace → workload → port.
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
        {props.chain.map((step, index) => (
          <li
            key={`${step.level}-${step.policy}-${step.port ?? ''}`}
            style={{ display: 'contents' }}
          >
            {index > 0 && (
              <span className={classes.arrow} aria-hidden>
                →
              </span>
            )}
            <span className={classes.step}>
              <Typography variant="caption" component="span">
                {describeLevel(step)}:{' '}
              </Typography>
              <Link
                component="button"
                variant="body2"
                onClick={() => setOpen(step)}
                aria-label={`Show ${step.policy ?? "Istio's default"} details`}
              >
                {step.policy ?? 'default'}
              </Link>{' '}
              <Typography variant="body2" component="span">
                {step.mode === 'UNSET' ? 'inherits' : step.mode} →{' '}
                {step.effective}
              </Typography>
            </span>
          </li>
        ))}
      </ol>
      <PolicyDetailsDialog step={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
