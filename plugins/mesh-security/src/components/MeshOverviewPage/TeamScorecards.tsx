import Grid from '@material-ui/core/Grid';
import { InfoCard } from '@backstage/core-components';
import {
  compareTeamsWorstFirst,
  type TeamScorecard as TeamScorecardData,
} from '@mesh-security/plugin-mesh-security-common';
import { TeamScorecard } from '../TeamScorecard';
import { TeamTrend } from '../Trends';

/** One scorecard per owning group, worst first, ungraded last. */
export function TeamScorecards(props: { teams: TeamScorecardData[] }) {
  const teams = [...props.teams].sort(compareTeamsWorstFirst);
  return (
    <InfoCard
      title="Team scorecards"
      subheader="Worst grade first, teams without a grade last"
    >
      {teams.length === 0 ? (
        'No team owns a matched service yet.'
      ) : (
        <Grid
          container
          spacing={3}
          component="ol"
          style={{ listStyle: 'none', padding: 0 }}
        >
          {teams.map(team => (
            <Grid item xs={12} md={6} lg={4} key={team.groupRef} component="li">
              <TeamScorecard scorecard={team} />
              <TeamTrend groupRef={team.groupRef} lazy />
            </Grid>
          ))}
        </Grid>
      )}
    </InfoCard>
  );
}
