import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEntityPosture } from '../../hooks/useEntityPosture';
import { isMeshSecurityAvailable } from '../../isMeshSecurityAvailable';
import { EntityPostureView } from './EntityPostureView';
import { MissingKubernetesAnnotation } from './MissingKubernetesAnnotation';

function LoadedPosture() {
  const { entity } = useEntity();
  const { value, loading, error } = useEntityPosture(entity);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <EntityPostureView posture={value} entityName={entity.metadata.name} />
  );
}

/** The "mTLS / Traffic" entity tab. */
export function EntityMeshSecurityContent() {
  const { entity } = useEntity();
  if (!isMeshSecurityAvailable(entity)) {
    return <MissingKubernetesAnnotation entityName={entity.metadata.name} />;
  }
  return <LoadedPosture />;
}
