import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { MeshOverview as MeshOverviewData } from '@mesh-security/plugin-mesh-security-common';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { DataFreshness } from '../DataFreshness';
import { MeshCoverageCard } from './MeshCoverageCard';
import { TeamScorecards } from './TeamScorecards';
import { ServicesTable } from './ServicesTable';
import { FindingsAuditList } from './FindingsAuditList';

/** The overview's sections for data already loaded. */
export function MeshOverviewSections(props: { overview: MeshOverviewData }) {
  const { overview } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <DataFreshness
          generatedAt={overview.generatedAt}
          sources={overview.sources}
        />
      </Grid>
      <Grid item xs={12}>
        <MeshCoverageCard overview={overview} />
      </Grid>
      <Grid item xs={12}>
        <TeamScorecards teams={overview.teams} />
      </Grid>
      <Grid item xs={12} data-testid="mesh-services">
        <ServicesTable services={overview.services} />
      </Grid>
      <Grid item xs={12} data-testid="mesh-findings">
        <FindingsAuditList
          findings={overview.findings}
          suppressed={overview.suppressed}
        />
      </Grid>
    </Grid>
  );
}

/** Loads GET /overview and shows it; errors are shown, never an empty "all clear". */
export function MeshOverview() {
  const api = useApi(meshSecurityApiRef);
  const { value, loading, error } = useAsync(() => api.getOverview(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <MeshOverviewSections overview={value} />;
}
