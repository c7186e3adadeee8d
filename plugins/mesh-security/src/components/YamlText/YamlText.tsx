import { CopyTextButton } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: { position: 'relative' },
  // plain text in the theme's own colours: the highlighter theme behind
  // Backstage's CodeSnippet (docco) prints YAML strings at 3.75:1, below
  // WCAG AA's 4.5:1, and highlighting is the costliest part of a long list
  text: {
    margin: 0,
    padding: theme.spacing(1, 1.5),
    overflowX: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: 'monospace',
    fontSize: 13,
    lineHeight: 1.5,
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  withCopy: { paddingRight: theme.spacing(6) },
  copy: { position: 'absolute', top: 0, right: 0 },
}));

/** A block of YAML as the user copies it, optionally with a copy button. */
export function YamlText(props: {
  text: string;
  /** names what is copied, for the button's accessible label */
  copyLabel?: string;
  id?: string;
}) {
  const classes = useStyles();
  return (
    <div className={classes.root} id={props.id}>
      <pre
        className={
          props.copyLabel ? `${classes.text} ${classes.withCopy}` : classes.text
        }
      >
        <code>{props.text}</code>
      </pre>
      {props.copyLabel && (
        <div className={classes.copy}>
          <CopyTextButton
            text={props.text}
            aria-label={`Copy ${props.copyLabel}`}
            tooltipText="Copied"
          />
        </div>
      )}
    </div>
  );
}
