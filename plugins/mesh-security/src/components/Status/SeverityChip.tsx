import type { Severity } from '@mesh-security/plugin-mesh-security-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { severityChipStyle } from './severityChipColors';

const useStyles = makeStyles(theme => ({
  critical: severityChipStyle(theme.palette.type, 'critical'),
  high: severityChipStyle(theme.palette.type, 'high'),
  medium: severityChipStyle(theme.palette.type, 'medium'),
  low: severityChipStyle(theme.palette.type, 'low'),
  info: severityChipStyle(theme.palette.type, 'info'),
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
