import type { Severity } from '@mesh-security/plugin-mesh-security-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  critical: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  high: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  low: {
    backgroundColor: theme.palette.info.light,
    color: theme.palette.info.contrastText,
  },
  info: {},
}));

/** Severity as a labelled chip; the word is always shown, the colour only helps. */
export function SeverityChip(props: { severity: Severity }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.severity}
      className={classes[props.severity]}
      aria-label={`severity ${props.severity}`}
    />
  );
}
