import useAsync from 'react-use/esm/useAsync';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { TeamScorecard } from '../TeamScorecard';
import { TeamTrend } from '../Trends';

/** The mesh scorecard of the Group entity whose page this is; "No grade" without workloads. */
export function GroupMeshScorecardCard() {
  const { entity } = useEntity();
  const api = useApi(meshSecurityApiRef);
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => api.getTeamScorecard(groupRef),
    [api, groupRef],
  );
  return (
    <InfoCard
      title="Mesh security scorecard"
      subheader="mTLS posture of the services this team owns"
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value &&
        (value.services === 0 ? (
          // nothing to list either; a team with services but no workloads
          // gets the scorecard, whose badge says "No grade"
          <>No grade: this team owns no service with Kubernetes annotations.</>
        ) : (
          <>
            <TeamScorecard scorecard={value} hideTeamName showServices />
            <TeamTrend groupRef={groupRef} />
          </>
        ))}
    </InfoCard>
  );
}
