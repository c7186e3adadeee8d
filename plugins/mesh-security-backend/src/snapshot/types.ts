import type {
  MeshMetrics,
  MeshReport,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';

/** The report of one cluster, with the source it was read from (to keep it when that source fails). */
export interface ClusterSnapshot {
  cluster: string;
  /** `ClusterObjectSource.name` of the source that produced it */
  source: string;
  /** status of the read the report comes from; kept to mark the report stale when later reads fail */
  status: SourceStatus;
  report: MeshReport;
}

/** What one refresh produced; every replica serves the same one from the database. */
export interface MeshSnapshot {
  /** ISO time of the refresh */
  generatedAt: string;
  sources: SourceStatus[];
  clusters: ClusterSnapshot[];
}

/** The last metrics read that succeeded, reused (marked stale) while the metrics source fails. */
export interface StoredMetrics {
  readAt: string;
  /** keyed by cluster name, `*` for every cluster */
  metrics: Record<string, MeshMetrics>;
  status: SourceStatus;
}
