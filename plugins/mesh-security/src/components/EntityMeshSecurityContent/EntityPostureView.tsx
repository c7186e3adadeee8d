import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { Fragment } from 'react';
import { AccessPanel } from '../AccessPanel';
import { CoverageGauges } from '../CoverageGauges';
import { DataFreshness } from '../DataFreshness';
import { FindingsList, StrictReadyBanner } from '../FindingsList';
import { TrafficPicture } from '../TrafficPicture';
import { EntityTrends } from '../Trends';
import { WhatIfPanel } from '../WhatIf';
import { WorkloadCard } from '../WorkloadCard';
import { NoMatchingWorkloads } from './NoMatchingWorkloads';

/** The "mTLS / Traffic" tab for a loaded posture. */
export function EntityPostureView(props: {
  posture: EntityPosture;
  entityName: string;
}) {
  const { posture } = props;
  const { summary } = posture;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <DataFreshness
          generatedAt={posture.generatedAt}
          sources={posture.sources}
        />
      </Grid>
      {summary.strictReady && (
        <Grid item xs={12}>
          <StrictReadyBanner
            findings={posture.findings}
            entityRef={posture.entityRef}
          />
        </Grid>
      )}
      {summary.plaintextCallers.length > 0 && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Plaintext callers: {summary.plaintextCallers.join(', ')}. Requiring
            mTLS (STRICT) would break them until they join the mesh.
          </Alert>
        </Grid>
      )}
      {posture.workloads.length === 0 ? (
        <Grid item xs={12}>
          <NoMatchingWorkloads entityName={props.entityName} />
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <CoverageGauges coverage={posture.coverage} />
          </Grid>
          <Grid item xs={12}>
            <EntityTrends entityRef={posture.entityRef} />
          </Grid>
          {posture.workloads.map(workload => (
            <Fragment
              key={`${workload.cluster}/${workload.namespace}/${workload.name}`}
            >
              <Grid item xs={12} md={5}>
                <WorkloadCard workload={workload} />
              </Grid>
              <Grid item xs={12} md={7}>
                <AccessPanel
                  workload={workload}
                  findings={posture.findings}
                  entityRef={posture.entityRef}
                />
              </Grid>
              <Grid item xs={12}>
                <TrafficPicture workload={workload} />
              </Grid>
            </Fragment>
          ))}
        </>
      )}
      <Grid item xs={12}>
        <FindingsList
          findings={posture.findings}
          suppressed={posture.suppressed}
          entityRef={posture.entityRef}
        />
      </Grid>
      {posture.workloads.length > 0 && (
        <Grid item xs={12} data-testid="mesh-what-if">
          <WhatIfPanel
            entityRef={posture.entityRef}
            findings={posture.findings}
          />
        </Grid>
      )}
    </Grid>
  );
}
