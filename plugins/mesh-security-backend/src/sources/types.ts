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
