import type { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import HelpOutline from '@material-ui/icons/HelpOutline';

/** How a status reads at a glance; the icon and the text carry it, colour only repeats it. */
export type StatusKind = 'ok' | 'warning' | 'error' | 'info' | 'unknown';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  icon: { fontSize: '1.1em' },
  ok: { color: theme.palette.status?.ok ?? theme.palette.success.main },
  warning: {
    color: theme.palette.status?.warning ?? theme.palette.warning.main,
  },
  error: { color: theme.palette.status?.error ?? theme.palette.error.main },
  info: { color: theme.palette.info.main },
  unknown: { color: theme.palette.text.secondary },
}));

const ICONS: Record<StatusKind, typeof CheckCircleOutline> = {
  ok: CheckCircleOutline,
  warning: ReportProblemOutlined,
  error: ErrorOutline,
  info: InfoOutlined,
  unknown: HelpOutline,
};

/** An icon plus a text label, so no status depends on colour alone. */
export function StatusLabel(props: {
  kind: StatusKind;
  children: ReactNode;
  title?: string;
}) {
  const classes = useStyles();
  const Icon = ICONS[props.kind];
  return (
    <Typography
      component="span"
      variant="body2"
      className={classes.root}
      title={props.title}
      data-status={props.kind}
    >
      <Icon className={`${classes.icon} ${classes[props.kind]}`} aria-hidden />
      <span>{props.children}</span>
    </Typography>
  );
}
