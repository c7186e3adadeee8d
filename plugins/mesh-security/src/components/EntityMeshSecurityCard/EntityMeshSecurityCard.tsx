import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import Typography from '@material-ui/core/Typography';
import { useEntityPosture } from '../../hooks/useEntityPosture';
import { isMeshSecurityAvailable } from '../../isMeshSecurityAvailable';
import { EntityTrends } from '../Trends';
import { PostureSummary } from './PostureSummary';

/** @public */
export interface EntityMeshSecurityCardProps {
  /** path of the "mTLS / Traffic" tab below the entity page; default `mtls` */
  tabPath?: string;
}

function CardBody() {
  const { entity } = useEntity();
  const { value, loading, error } = useEntityPosture(entity);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  if (value.workloads.length === 0) {
    return (
      <Typography variant="body2">
        No workloads matched this entity’s Kubernetes annotations.
      </Typography>
    );
  }
  return (
    <>
      <PostureSummary posture={value} />
      <EntityTrends entityRef={value.entityRef} variant="compact" />
    </>
  );
}

/** Entity overview card: mode, coverage, worst finding, link to the tab. */
export function EntityMeshSecurityCard(props: EntityMeshSecurityCardProps) {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  const tabPath = (props.tabPath ?? 'mtls').replace(/^\/+/, '');
  const available = isMeshSecurityAvailable(entity);
  return (
    <InfoCard
      title="Mesh security"
      deepLink={
        available
          ? {
              title: 'View mTLS / Traffic',
              link: `${entityRoute(entityRouteParams(entity))}/${tabPath}`,
            }
          : undefined
      }
    >
      {available ? (
        <CardBody />
      ) : (
        <Typography variant="body2">
          Add the {KUBERNETES_ANNOTATION} annotation to see this entity’s mTLS
          posture.
        </Typography>
      )}
    </InfoCard>
  );
}
