import type { Finding } from '@mesh-security/plugin-mesh-security-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { memo } from 'react';
import { strictFixLink } from '../../scaffolderTemplates';
import { SeverityChip } from '../Status';
import { Remediation } from './Remediation';

// static classes: a Box per element would build a style sheet per instance
const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(1.5, 0) },
  heading: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: 8,
  },
}));

/** One finding: severity, what and why, whom it concerns, how to fix it. */
export const FindingItem = memo(function FindingItemView(props: {
  finding: Finding & { cluster?: string };
  /** shown when the entity runs in more than one cluster */
  showCluster?: boolean;
  /** the entity the finding belongs to: a STRICT fix is offered as a pull request for it */
  entityRef?: string;
}) {
  const f = props.finding;
  const classes = useStyles();
  const callers = f.detail?.callers ?? [];
  return (
    <article
      className={classes.root}
      aria-label={`${f.severity} finding ${f.rule}`}
    >
      <div className={classes.heading}>
        <SeverityChip severity={f.severity} />
        <Typography variant="subtitle2" component="h4">
          {f.rule}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {f.subject}
          {f.port !== undefined ? ` · port ${f.port}` : ''}
          {props.showCluster && f.cluster ? ` · cluster ${f.cluster}` : ''}
        </Typography>
      </div>
      <Typography variant="body2" style={{ marginTop: 4 }}>
        {f.reason}
      </Typography>
      {callers.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Callers: {callers.join(', ')}
        </Typography>
      )}
      {f.remediation && (
        <Remediation
          yaml={f.remediation}
          what={`${f.rule} on ${f.subject}`}
          folded
          pullRequestLink={
            props.entityRef ? strictFixLink(props.entityRef, f) : undefined
          }
        />
      )}
    </article>
  );
});
