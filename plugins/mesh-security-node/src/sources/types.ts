import type {
  KubeObject,
  MeshMetrics,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';

/**
 * What one read of a cluster (or of anything standing in for one, such as a
 * manifests folder) gives.
 * @public
 */
export interface ClusterRead {
  /** cluster name as the Kubernetes plugin knows it (`kubernetes-cluster` annotation) */
  cluster: string;
  objects: KubeObject[];
  status: SourceStatus;
  /**
   * Sources that read list by list (the Kubernetes plugin): how each list
   * went. A failed list's objects are missing from `objects`; the refresh
   * falls back on its last good objects, or marks what depends on it unknown.
   */
  lists?: ListRead[];
}

/**
 * One list of a cluster read: its objects when it was read in full, else why not.
 * @public
 */
export interface ListRead {
  /** e.g. `AuthorizationPolicy`, `ConfigMap istio` */
  list: string;
  /** whether its last good objects are kept to stand in for a later failed read */
  keepLastGood: boolean;
  /** all of them (none when the kind is not served); absent when `failed` */
  objects?: KubeObject[];
  /** why it could not be read in full, e.g. `forbidden (403)`, `timed out` */
  failed?: string;
}

/**
 * Cluster objects from somewhere: the Kubernetes plugin's clusters, a
 * manifests folder, or a source a backend module adds.
 * @public
 */
export interface ClusterObjectSource {
  /** unique among the sources of one backend */
  readonly name: string;
  /**
   * One read per refresh. Never throws for a source-level failure: returns a
   * status with state `error` and no objects, so that the refresh marks the
   * cluster stale instead of reading it as empty.
   */
  read(): Promise<ClusterRead[]>;
}

/**
 * One read of Istio metrics.
 * @public
 */
export interface MetricsRead {
  /** keyed by cluster name; `*` applies to every cluster */
  metrics: Record<string, MeshMetrics>;
  status: SourceStatus;
}

/**
 * Istio metrics from Prometheus, a snapshot file, or a source a backend
 * module adds.
 * @public
 */
export interface MetricsSource {
  readonly name: string;
  read(): Promise<MetricsRead>;
}
