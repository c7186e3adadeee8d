import type { OutboundGrant } from '@mesh-security/plugin-mesh-security-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { StatusLabel } from '../Status';
import { outboundAccess, type OutboundRule } from './outboundAccess';

/** A mesh-wide grant can name a workload for hundreds of targets; the rest on request. */
export const SHOWN_TARGETS = 20;

export const NO_OUTBOUND_GRANT_TEXT =
  "No policy names this workload's identity; it may call any workload that has no ALLOW policy.";

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  target: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  rules: { listStyle: 'none', margin: theme.spacing(0.5, 0, 0), padding: 0 },
  rule: { padding: theme.spacing(0.25, 0) },
  code: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

function ruleLabel(rule: OutboundRule): string {
  return rule.dryRun ? `${rule.effect} (dry run)` : rule.effect;
}

function RuleLine(props: { rule: OutboundRule }) {
  const classes = useStyles();
  const { rule } = props;
  let level: 'ok' | 'error' | 'unknown' = 'ok';
  if (rule.dryRun) level = 'unknown';
  else if (rule.effect === 'denied') level = 'error';
  return (
    <li className={classes.rule}>
      <StatusLabel level={level}>{ruleLabel(rule)}</StatusLabel>{' '}
      <Typography variant="body2" component="span">
        {rule.operations.length ? rule.operations.join('; ') : 'any operation'}
        {rule.conditions.length ? ` when ${rule.conditions.join(' and ')}` : ''}
      </Typography>
      <Typography variant="caption" color="textSecondary" display="block">
        {rule.policy} rule {rule.ruleIndex + 1} · names its {rule.via}{' '}
        <span className={classes.code}>{rule.grant}</span>
        {rule.dryRun ? ' · dry run, not enforced' : ''}
      </Typography>
    </li>
  );
}

/**
 * What the workload may call: the rules of other workloads' policies that
 * name its identity, per target. DENY rules are marked "denied" in text.
 */
export function MayCall(props: {
  mayCall: OutboundGrant[] | undefined;
  /** entries the report left out beyond its limit per workload */
  omitted?: number;
  inMesh: boolean;
}) {
  const classes = useStyles();
  const [all, setAll] = useState(false);
  const targets = outboundAccess(props.mayCall ?? []);
  const shown = all ? targets : targets.slice(0, SHOWN_TARGETS);
  let empty: string | undefined;
  if (!props.inMesh)
    empty =
      'Without a proxy this workload presents no mesh identity, so no policy can name it.';
  else if (targets.length === 0) empty = NO_OUTBOUND_GRANT_TEXT;
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        May call
      </Typography>
      {empty ? (
        <Typography variant="body2">{empty}</Typography>
      ) : (
        <ul className={classes.list} aria-label="Workloads it may call">
          {shown.map(t => (
            <li key={t.target} className={classes.target}>
              <Typography variant="body2" component="span">
                <strong className={classes.code}>{t.target}</strong>
              </Typography>
              <ul
                className={classes.rules}
                aria-label={`Rules for ${t.target}`}
              >
                {t.rules.map(rule => (
                  <RuleLine
                    key={`${rule.policy}#${rule.ruleIndex}`}
                    rule={rule}
                  />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {shown.length < targets.length && (
        <Button size="small" onClick={() => setAll(true)}>
          Show all {targets.length} workloads
        </Button>
      )}
      {!!props.omitted && (
        <Typography variant="body2" color="textSecondary">
          {props.omitted} more{' '}
          {props.omitted === 1 ? 'rule names' : 'rules name'} this workload; the
          report keeps the first {props.mayCall?.length ?? 0}.
        </Typography>
      )}
    </Box>
  );
}
