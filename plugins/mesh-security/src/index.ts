/**
 * Mesh Security: Istio mTLS posture, traffic and access on entity pages.
 *
 * @packageDocumentation
 */
export {
  meshSecurityPlugin,
  EntityMeshSecurityContent,
  EntityMeshSecurityCard,
} from './plugin';
export type { EntityMeshSecurityCardProps } from './components/EntityMeshSecurityCard';
export { isMeshSecurityAvailable } from './isMeshSecurityAvailable';
export { meshSecurityApiRef } from './api/MeshSecurityApi';
export type {
  MeshSecurityApi,
  MeshSecurityEntityRef,
} from './api/MeshSecurityApi';
export { MeshSecurityClient } from './api/MeshSecurityClient';
export {
  MeshSecurityOverviewPage,
  EntityGroupMeshScorecardCard,
} from './plugin';
