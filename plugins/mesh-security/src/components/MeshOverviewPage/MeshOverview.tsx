import { useMemo } from 'react';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MeshOverview as MeshOverviewData,
  MeshOverviewSummary,
} from '@mesh-security/plugin-mesh-security-common';
import { MeshSecurityApi, meshSecurityApiRef } from '../../api/MeshSecurityApi';
import { DataFreshness } from '../DataFreshness';
import { MeshCoverageCard } from './MeshCoverageCard';
import { TeamScorecards } from './TeamScorecards';
import { LoadServices, ServicesTable } from './ServicesTable';
import { FindingsAuditList, LoadFindings } from './FindingsAuditList';

/** Freshness, coverage and team scorecards: what the summary and the full overview share. */
function SummarySections(props: {
  summary: Pick<
    MeshOverviewSummary,
    | 'generatedAt'
    | 'sources'
    | 'coverage'
    | 'totalRps'
    | 'plaintextFlows'
    | 'teams'
  >;
}) {
  const { summary } = props;
  return (
    <>
      <Grid item xs={12}>
        <DataFreshness
          generatedAt={summary.generatedAt}
          sources={summary.sources}
        />
      </Grid>
      <Grid item xs={12}>
        <MeshCoverageCard overview={summary} />
      </Grid>
      <Grid item xs={12}>
        <TeamScorecards teams={summary.teams} />
      </Grid>
    </>
  );
}

/** The overview's sections for data already loaded in full (an API without paging). */
export function MeshOverviewSections(props: { overview: MeshOverviewData }) {
  const { overview } = props;
  return (
    <Grid container spacing={3}>
      <SummarySections summary={overview} />
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

/**
 * The summary, and the two tables reading their pages from the backend. The
 * tables start loading with the summary, not after it: the first rows of a
 * large mesh need not wait for the team scorecards.
 */
function PagedOverview(props: {
  getSummary: () => Promise<MeshOverviewSummary>;
  loadServices: LoadServices;
  loadFindings: LoadFindings;
}) {
  const { getSummary, loadServices, loadFindings } = props;
  const { value, loading, error } = useAsync(getSummary, [getSummary]);
  let summary = null;
  if (loading) {
    summary = (
      <Grid item xs={12}>
        <Progress />
      </Grid>
    );
  } else if (error) {
    summary = (
      <Grid item xs={12}>
        <ResponseErrorPanel error={error} />
      </Grid>
    );
  } else if (value) {
    summary = <SummarySections summary={value} />;
  }
  return (
    <Grid container spacing={3}>
      {summary}
      <Grid item xs={12} data-testid="mesh-services">
        <ServicesTable load={loadServices} />
      </Grid>
      <Grid item xs={12} data-testid="mesh-findings">
        <FindingsAuditList
          load={loadFindings}
          counts={value?.findingsBySeverity}
          suppressed={value?.suppressed}
        />
      </Grid>
    </Grid>
  );
}

/** The paged calls when the API has all three, bound to it. */
function pagedCalls(api: MeshSecurityApi) {
  const { getOverviewSummary, getOverviewServices, getOverviewFindings } = api;
  if (!getOverviewSummary || !getOverviewServices || !getOverviewFindings)
    return undefined;
  return {
    getSummary: getOverviewSummary.bind(api),
    loadServices: getOverviewServices.bind(api),
    loadFindings: getOverviewFindings.bind(api),
  };
}

/** Loads GET /overview in full and shows it: for APIs without the paged calls. */
function FullOverview(props: { api: MeshSecurityApi }) {
  const { api } = props;
  const { value, loading, error } = useAsync(() => api.getOverview(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <MeshOverviewSections overview={value} />;
}

/**
 * The mesh overview: the summary plus paged services and findings, or the
 * whole overview at once from an API without paging. Errors are shown, never
 * an empty "all clear".
 */
export function MeshOverview() {
  const api = useApi(meshSecurityApiRef);
  // bound once per API: a new function each render would reload the tables
  const paged = useMemo(() => pagedCalls(api), [api]);
  if (!paged) return <FullOverview api={api} />;
  return <PagedOverview {...paged} />;
}
