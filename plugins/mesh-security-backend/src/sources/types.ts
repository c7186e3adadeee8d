import type {
  KubeObject,
  MeshMetrics,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';

/** What one read of a cluster (or the manifests folder standing in for one) gives. */
export interface ClusterRead {
  /** cluster name as the Kubernetes plugin knows it (`kubernetes-cluster` annotation); `manifests` for the folder */
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

/** One list of a cluster read: its objects when it was read in full, else why not. */
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

/** Cluster objects from somewhere: the Kubernetes plugin's clusters or a manifests folder. */
export interface ClusterObjectSource {
  readonly name: string;
  /** never throws for a source-level failure: returns a status with state 'error' and no objects */
  read(): Promise<ClusterRead[]>;
}

export interface MetricsRead {
  /** keyed by cluster name; the snapshot file and a single Prometheus apply to every cluster under `*` */
  metrics: Record<string, MeshMetrics>;
  status: SourceStatus;
}

/** Istio metrics from Prometheus or a snapshot file. */
export interface MetricsSource {
  readonly name: string;
  read(): Promise<MetricsRead>;
}
