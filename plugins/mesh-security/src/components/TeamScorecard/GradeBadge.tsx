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
  // "No grade" in words where the letter would be: same height, fits the box
  noGrade: {
    fontSize: '1.25rem',
    fontWeight: 700,
    lineHeight: '3rem',
  },
  good: { borderColor: theme.palette.status?.ok ?? theme.palette.success.main },
  fair: {
    borderColor: theme.palette.status?.warning ?? theme.palette.warning.main,
  },
  poor: {
    borderColor: theme.palette.status?.error ?? theme.palette.error.main,
  },
  // neither good nor bad: a dashed neutral border, never a pass colour
  none: { borderColor: theme.palette.text.secondary, borderStyle: 'dashed' },
}));

/** What the "No grade" badge says to a screen reader, and why. */
export const NO_GRADE_LABEL =
  "No grade: no workloads found for this team's services";

function band(grade: Grade): 'good' | 'fair' | 'poor' {
  if (grade === 'A' || grade === 'B') return 'good';
  if (grade === 'C' || grade === 'D') return 'fair';
  return 'poor';
}

/**
 * The grade as a big letter with its score: the letter is the message, the
 * border colour only repeats it. A null grade (no workloads found) says
 * "No grade" in words: nothing was graded, so nothing may look like a pass.
 */
export function GradeBadge(props: {
  grade: Grade | null;
  score: number | null;
}) {
  const classes = useStyles();
  if (props.grade === null || props.score === null) {
    return (
      <div
        className={`${classes.root} ${classes.none}`}
        role="img"
        aria-label={NO_GRADE_LABEL}
        data-testid="mesh-grade"
      >
        <span className={classes.noGrade} aria-hidden>
          No grade
        </span>
        <Typography variant="caption" aria-hidden>
          no workloads
        </Typography>
      </div>
    );
  }
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
