import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { meshSecurityApiRef } from '../api/MeshSecurityApi';

/** Loads the posture of an entity; `retry` reloads it. */
export function useEntityPosture(entity: Entity) {
  const api = useApi(meshSecurityApiRef);
  const { kind } = entity;
  const { name, namespace = 'default' } = entity.metadata;
  return useAsyncRetry(
    () => api.getEntityPosture({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}
