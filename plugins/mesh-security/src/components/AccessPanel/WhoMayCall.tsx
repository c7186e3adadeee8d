import type {
  Finding,
  WorkloadAuthorization,
} from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import {
  accessGrants,
  STANCE_TEXT,
  type AccessGrant,
  type GrantFlag,
} from './accessGrants';
import { severityChipStyle } from '../Status/severityChipColors';

/**
 * A workload can have hundreds of ALLOW rules; the first ones (flagged first)
 * are shown, the rest on request, so the card stays a summary.
 */
export const SHOWN_GRANTS = 5;

const flagged = (grant: AccessGrant) =>
  grant.sources.some(source => source.flags.length > 0);

/** Rules with an unused or unknown caller first; otherwise the policy order. */
function flaggedFirst(grants: AccessGrant[]): AccessGrant[] {
  return [...grants.filter(flagged), ...grants.filter(g => !flagged(g))];
}

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  grant: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  source: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.25, 0.5),
    borderRadius: theme.shape.borderRadius,
  },
  flagged: { backgroundColor: theme.palette.action.hover },
  code: { fontFamily: 'monospace', wordBreak: 'break-all' },
  unused: { borderColor: theme.palette.warning.main },
  // white on error.main is 3.7:1; the severity chips' pair meets WCAG AA
  unknown: severityChipStyle(theme.palette.type, 'high'),
}));

function FlagChip(props: { flag: GrantFlag }) {
  const classes = useStyles();
  return props.flag === 'unused' ? (
    <Chip
      size="small"
      variant="outlined"
      label="unused"
      className={classes.unused}
    />
  ) : (
    <Chip size="small" label={props.flag} className={classes.unknown} />
  );
}

/** The ALLOW rules that apply, as who may call and what they may do. */
export function WhoMayCall(props: {
  authorization: WorkloadAuthorization;
  findings: Finding[];
}) {
  const classes = useStyles();
  const { authorization } = props;
  const [all, setAll] = useState(false);
  const grants = useMemo(
    () => flaggedFirst(accessGrants(authorization, props.findings)),
    [authorization, props.findings],
  );
  const shown = all ? grants : grants.slice(0, SHOWN_GRANTS);
  const others = [
    ...authorization.deny,
    ...authorization.custom,
    ...authorization.audit,
  ];
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        Who may call
      </Typography>
      <Typography variant="body2" paragraph data-testid="authz-stance">
        <strong>{authorization.stance}</strong>:{' '}
        {STANCE_TEXT[authorization.stance]}
      </Typography>
      <ul className={classes.list} aria-label="Allowed callers">
        {shown.map(grant => (
          <li
            key={`${grant.policy}#${grant.ruleIndex}`}
            className={classes.grant}
          >
            <Typography variant="caption" color="textSecondary">
              {grant.policy}
              {grant.ruleIndex >= 0 ? ` rule ${grant.ruleIndex + 1}` : ''}
              {grant.dryRun ? ' · dry run, not enforced' : ''}
            </Typography>
            {grant.sources.length === 0 && (
              <Typography variant="body2">any caller</Typography>
            )}
            {grant.sources.map(source => (
              <div
                key={`${source.kind}:${source.negated}:${source.value}`}
                className={`${classes.source} ${
                  source.flags.length ? classes.flagged : ''
                }`}
              >
                <Typography variant="body2" component="span">
                  {source.negated ? 'anyone but ' : ''}
                  {source.kind}
                </Typography>
                <Typography
                  variant="body2"
                  component="span"
                  className={classes.code}
                >
                  {source.value}
                </Typography>
                {source.flags.map(flag => (
                  <FlagChip key={flag} flag={flag} />
                ))}
              </div>
            ))}
            <Typography variant="body2" color="textSecondary">
              {grant.operations.length
                ? `may: ${grant.operations.join('; ')}`
                : 'may: any operation'}
              {grant.conditions.length
                ? ` when ${grant.conditions.join(' and ')}`
                : ''}
            </Typography>
          </li>
        ))}
      </ul>
      {shown.length < grants.length && (
        <>
          <Typography variant="body2" color="textSecondary">
            Showing {shown.length} of {grants.length} rules, flagged callers
            first.
          </Typography>
          <Button size="small" onClick={() => setAll(true)}>
            Show all {grants.length} rules
          </Button>
        </>
      )}
      {others.length > 0 && (
        <Typography variant="body2" style={{ marginTop: 8 }}>
          Also applied: {others.map(r => `${r.action} ${r.policy}`).join(', ')}.
        </Typography>
      )}
    </Box>
  );
}
