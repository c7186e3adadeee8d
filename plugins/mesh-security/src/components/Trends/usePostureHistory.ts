import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { meshSecurityApiRef } from '../../api/MeshSecurityApi';

/**
 * Loads the history of an entity or a team. `supported` is false when the
 * app's MeshSecurityApi has no history methods (written before them); nothing
 * is asked then, and `enabled: false` defers the request (off-screen charts).
 */
export function usePostureHistory(options: {
  scope: 'entity' | 'team';
  ref: string;
  days: number;
  enabled?: boolean;
}) {
  const api = useApi(meshSecurityApiRef);
  const { scope, ref, days, enabled = true } = options;
  const supported =
    scope === 'entity' ? !!api.getEntityHistory : !!api.getTeamHistory;
  const state = useAsync(async () => {
    if (!supported || !enabled) return undefined;
    return scope === 'entity'
      ? api.getEntityHistory!(ref, { days })
      : api.getTeamHistory!(ref, { days });
  }, [api, scope, ref, days, enabled, supported]);
  return { supported, ...state };
}

/** A 404: history turned off, or the entity not (or no longer) readable. */
export function isNotFound(error: Error): boolean {
  return (
    error.name === 'NotFoundError' ||
    (error as { statusCode?: number }).statusCode === 404
  );
}
