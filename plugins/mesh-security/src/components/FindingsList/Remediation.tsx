import { CopyTextButton, LinkButton } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { YamlText } from '../YamlText';

// useId is React 18 only; the plugin also supports React 17
let nextId = 0;

// static classes: a Box per element would build a style sheet per instance
const useStyles = makeStyles(theme => ({
  root: { marginTop: theme.spacing(1) },
  bar: { display: 'flex', alignItems: 'center', gap: 8 },
  grow: { flexGrow: 1 },
}));

/**
 * A remediation manifest or patch with a labelled copy button. In a long
 * list it starts folded, so the YAML is only rendered once a reader opens
 * it; copying works either way.
 */
export function Remediation(props: {
  yaml: string;
  what: string;
  /** start folded behind a "Show YAML" toggle */
  folded?: boolean;
  /** a Scaffolder template that proposes this change as a pull request */
  pullRequestLink?: string;
}) {
  const classes = useStyles();
  const [open, setOpen] = useState(!props.folded);
  const [id] = useState(() => `mesh-security-remediation-${++nextId}`);
  return (
    <div className={classes.root}>
      <div className={classes.bar}>
        <Typography variant="caption" color="textSecondary">
          Remediation (YAML)
        </Typography>
        {props.folded && (
          <Button
            size="small"
            aria-expanded={open}
            aria-controls={id}
            aria-label={`${open ? 'Hide' : 'Show'} remediation for ${
              props.what
            }`}
            onClick={() => setOpen(o => !o)}
          >
            {open ? 'Hide YAML' : 'Show YAML'}
          </Button>
        )}
        <div className={classes.grow} />
        {props.pullRequestLink && (
          <LinkButton
            size="small"
            variant="outlined"
            color="primary"
            to={props.pullRequestLink}
            aria-label={`Open a pull request for ${props.what}`}
          >
            Open a pull request
          </LinkButton>
        )}
        <CopyTextButton
          text={props.yaml}
          aria-label={`Copy remediation for ${props.what}`}
          tooltipText="Remediation copied"
        />
      </div>
      {open && <YamlText id={id} text={props.yaml} />}
    </div>
  );
}
