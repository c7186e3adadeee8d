import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

/** How bad a status is; decides the icon, never the only signal. */
export type StatusLevel = 'ok' | 'warning' | 'error' | 'unknown';

const ICONS = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  unknown: StatusPending,
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'baseline',
    gap: theme.spacing(0.25),
    whiteSpace: 'nowrap',
  },
}));

/**
 * An icon plus visible text. The core-components status icons are
 * aria-hidden, so the text carries the meaning for every reader.
 */
export function StatusLabel(props: {
  level: StatusLevel;
  children: ReactNode;
  title?: string;
}) {
  const classes = useStyles();
  const Icon = ICONS[props.level];
  return (
    <span
      className={classes.root}
      title={props.title}
      data-status={props.level}
    >
      <Icon />
      <span>{props.children}</span>
    </span>
  );
}
