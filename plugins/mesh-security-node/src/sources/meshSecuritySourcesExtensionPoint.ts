import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ClusterObjectSource, MetricsSource } from './types';

/**
 * Where backend modules add data sources to the mesh-security backend: their
 * own cluster inventory, a metrics store behind its own auth, a GitOps
 * repository. The built-in Kubernetes, manifests, Prometheus and snapshot
 * sources are added through the same calls.
 * @public
 */
export interface MeshSecuritySourcesExtensionPoint {
  /** adds a source of cluster objects; its `name` must be unique */
  addClusterSource(source: ClusterObjectSource): void;
  /**
   * sets the source of Istio metrics; one per backend, so a module's source
   * and `meshSecurity.prometheus` / `meshSecurity.metrics` in config are
   * refused together at startup
   */
  addMetricsSource(source: MetricsSource): void;
}

/**
 * The extension point of {@link MeshSecuritySourcesExtensionPoint}.
 * @public
 */
export const meshSecuritySourcesExtensionPoint =
  createExtensionPoint<MeshSecuritySourcesExtensionPoint>({
    id: 'mesh-security.sources',
  });
