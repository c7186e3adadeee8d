import type {
  KubeObject,
  MeshMetrics,
  MeshReport,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type { StoredPart, StoredPayload } from './storedPayload';

/** The report of one cluster, with the source it was read from (to keep it when that source fails). */
export interface ClusterSnapshot {
  cluster: string;
  /** `ClusterObjectSource.name` of the source that produced it */
  source: string;
  /** status of the read the report comes from; kept to mark the report stale when later reads fail */
  status: SourceStatus;
  report: MeshReport;
  /**
   * Lists (e.g. `AuthorizationPolicy`) the report was evaluated without: they
   * could not be read and no earlier objects of them were kept. Every result
   * that depends on them is unknown for this cluster; views say so.
   */
  unknownKinds?: string[];
  /**
   * per list, its objects as last read in full: they stand in when a later
   * read of that list fails. Only in a snapshot built without the refresh
   * worker; otherwise they are stored under `ref` and kept by the worker.
   */
  lastGood?: Record<string, LastGoodList>;
  /** names the stored evaluation (report parts, last good lists) this entry comes from */
  ref?: string;
}

/** The objects of one list of one cluster as last read in full. */
export interface LastGoodList {
  /** ISO time of that read */
  readAt: string;
  objects: KubeObject[];
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

/**
 * The last good metrics read as the refresh stores them and reads them back:
 * the metrics as JSON, read only when a refresh falls back on them and
 * parsed only where they are used (the refresh worker), since they grow with
 * the mesh's traffic (~50 MB at 200,000 series).
 */
export interface LastGoodMetrics {
  readAt: string;
  status: SourceStatus;
  /** `Record<cluster, MeshMetrics>` as JSON */
  metricsJson(): Promise<string>;
  /**
   * The same JSON in slices, where it is held so (a read of the refresh
   * worker, handed over as UTF-8 in shared memory): stored as they are,
   * never made into one string on this thread.
   */
  metricsSlices?(): Iterable<StoredPayload>;
  /**
   * The JSON's parts as stored, undecoded, where it is stored so: what the
   * refresh worker is handed to decode itself.
   */
  metricsParts?(): Promise<StoredPart[]>;
}
