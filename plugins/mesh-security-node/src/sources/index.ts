export type {
  ClusterObjectSource,
  ClusterRead,
  ListRead,
  MetricsRead,
  MetricsSource,
} from './types';
export {
  meshSecuritySourcesExtensionPoint,
  type MeshSecuritySourcesExtensionPoint,
} from './meshSecuritySourcesExtensionPoint';
