import type {
  HealthThresholds,
  KubeObject,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import type { SuppressionEntry } from '../suppressions';

/** Input of {@link evaluateMesh}. Time is a parameter: the engine never reads a clock. @public */
export interface EngineInput {
  /** every object of one cluster (unknown kinds are ignored) */
  objects: KubeObject[];
  /** Istio standard metrics of the same cluster, if any */
  metrics?: MeshMetrics;
  /** evaluation time (certificate expiry) */
  now: Date;
  options?: EngineOptions;
}

/** @public */
export interface EngineOptions {
  /** namespace holding the `istio` ConfigMap and istiod (default `istio-system`) */
  controlPlaneNamespace?: string;
  healthThresholds?: HealthThresholds;
  /** inbound requests over the long window below which a workload is never called strict-ready (default 100) */
  strictReadyMinRequests?: number;
  /** findings accepted on purpose (config or a file), besides the objects' own annotations */
  suppressions?: SuppressionEntry[];
}
