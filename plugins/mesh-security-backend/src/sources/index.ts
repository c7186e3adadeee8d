/**
 * Data-source adapters of the mesh-security backend: cluster objects from the
 * Kubernetes plugin or a manifests folder, Istio metrics from Prometheus or a
 * snapshot file. Each read returns a status and never throws for a
 * source-level failure.
 */
export type {
  ClusterObjectSource,
  ClusterRead,
  ListRead,
  MetricsRead,
  MetricsSource,
} from './types';
export {
  KubernetesPluginSource,
  type KubernetesPluginSourceOptions,
} from './kubernetesPluginSource';
export {
  ManifestsSource,
  type ManifestsSourceOptions,
} from './manifestsSource';
export {
  PrometheusSource,
  type PrometheusSourceOptions,
} from './prometheusSource';
export {
  MetricsSnapshotSource,
  type MetricsSnapshotSourceOptions,
} from './metricsSnapshotSource';
export { ALL_CLUSTERS } from './meshSamples';
export type { MeshQueryName } from './meshQueries';
