export type {
  MeshSecurityService,
  MeshSecurityRequestOptions,
} from './MeshSecurityService';
export { MeshSecurityClient } from './MeshSecurityClient';
export type { MeshSecurityClientOptions } from './MeshSecurityClient';
export { meshSecurityServiceRef } from './meshSecurityServiceRef';
export {
  KUBERNETES_NAMESPACE_ANNOTATION,
  KUBERNETES_WORKLOAD_ANNOTATIONS,
  hasKubernetesWorkloadAnnotations,
} from './kubernetesAnnotations';
