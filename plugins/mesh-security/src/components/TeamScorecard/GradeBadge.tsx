import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Grade } from '@mesh-security/plugin-mesh-security-common';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    flexDirection: 'column',
    alignItems: 'center',
    minWidth: theme.spacing(11),
    whiteSpace: 'nowrap',
    padding: theme.spacing(1),
    borderRadius: theme.shape.borderRadius,
    border: '3px solid',
  },
  letter: { fontSize: '3rem', fontWeight: 700, lineHeight: 1 },
  good: { borderColor: theme.palette.status?.ok ?? theme.palette.success.main },
  fair: {
    borderColor: theme.palette.status?.warning ?? theme.palette.warning.main,
  },
  poor: {
    borderColor: theme.palette.status?.error ?? theme.palette.error.main,
  },
}));

function band(grade: Grade): 'good' | 'fair' | 'poor' {
  if (grade === 'A' || grade === 'B') return 'good';
  if (grade === 'C' || grade === 'D') return 'fair';
  return 'poor';
}

/** The grade as a big letter with its score: the letter is the message, the border colour only repeats it. */
export function GradeBadge(props: { grade: Grade; score: number }) {
  const classes = useStyles();
  return (
    <div
      className={`${classes.root} ${classes[band(props.grade)]}`}
      role="img"
      aria-label={`Grade ${props.grade}, score ${props.score} of 100`}
      data-testid="mesh-grade"
    >
      <span className={classes.letter} aria-hidden>
        {props.grade}
      </span>
      <Typography variant="caption" aria-hidden>
        {props.score} / 100
      </Typography>
    </div>
  );
}
