import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { TeamScorecard as TeamScorecardData } from '@mesh-security/plugin-mesh-security-common';
import { GradeBadge } from './GradeBadge';
import { formatPercent } from '../../format';
import { MtlsModeStatus, SeverityChip, StatusLabel } from '../Status';
import { SeverityCounts, severityRank } from './SeverityCounts';

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  serviceRow: {
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    flexWrap: 'wrap',
  },
}));

/** A share, or what is missing when there is nothing to measure. */
function share(value: number | null, missing: string): string {
  return value === null ? missing : formatPercent(value);
}

export interface TeamScorecardProps {
  scorecard: TeamScorecardData;
  /** hide the team name when the surrounding page already is the team (the Group card) */
  hideTeamName?: boolean;
  /** list the team's services with their mode and worst finding */
  showServices?: boolean;
}

/**
 * A team's mesh posture: grade, STRICT and mTLS-traffic shares, findings by
 * severity. Without workloads the grade is null and the badge says "No grade".
 */
export function TeamScorecard(props: TeamScorecardProps) {
  const { scorecard, hideTeamName, showServices } = props;
  const classes = useStyles();
  const services = [...scorecard.entities].sort(
    (a, b) =>
      severityRank(a.summary.worstSeverity) -
      severityRank(b.summary.worstSeverity),
  );
  return (
    <Box data-testid={`team-scorecard-${scorecard.groupRef}`}>
      <div className={classes.header}>
        <GradeBadge grade={scorecard.grade} score={scorecard.score} />
        <div>
          {!hideTeamName && (
            <Typography variant="h6" component="h3">
              <EntityRefLink entityRef={scorecard.groupRef} defaultKind="group">
                {scorecard.title}
              </EntityRefLink>
            </Typography>
          )}
          <dl className={classes.facts}>
            <dt>Services</dt>
            <dd>{scorecard.services}</dd>
            <dt>STRICT</dt>
            <dd>{share(scorecard.strictShare, 'no workloads')}</dd>
            <dt>mTLS traffic</dt>
            <dd>{share(scorecard.mtlsTrafficShare, 'no traffic')}</dd>
            <dt>Findings</dt>
            <dd>
              {scorecard.grade === null ? (
                // findings hang off workloads: with none, "no findings" would read as a pass
                <StatusLabel level="unknown">nothing checked</StatusLabel>
              ) : (
                <SeverityCounts counts={scorecard.findingsBySeverity} />
              )}
            </dd>
          </dl>
        </div>
      </div>
      {showServices && services.length > 0 && (
        <List dense aria-label="Services of the team">
          {services.map(service => (
            <ListItem key={service.entityRef} disableGutters>
              <ListItemText
                disableTypography
                primary={
                  <div className={classes.serviceRow}>
                    <EntityRefLink entityRef={service.entityRef}>
                      {service.title}
                    </EntityRefLink>
                    <MtlsModeStatus mode={service.summary.mtlsMode} />
                    {service.summary.worstSeverity ? (
                      <SeverityChip severity={service.summary.worstSeverity} />
                    ) : null}
                  </div>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
