import type {
  KubeObject,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type { KubernetesReadPlan } from '../sources/kubernetesReading';
import type { PrometheusReadPlan } from '../sources/prometheusSource';
import type { ClusterJob, SerializedCluster } from './clusterJob';
import type { ClusterOutcome, ReadContext } from './kubernetesReadJob';
import type { PackedTexts } from './packedTexts';
import type { StoredText } from '../snapshot/storedPayload';

/** Main thread → refresh worker. A job's objects come in chunks between `begin` and `run`. */
export type ToWorker =
  | {
      type: 'begin';
      id: number;
      /** objects and list objects empty: they follow in `objects` messages */
      job: ClusterJob;
      /** the read's objects are its lists' objects in order: sent once, per list */
      objectsFromLists: boolean;
    }
  | {
      type: 'objects';
      id: number;
      /** index into `read.lists`; the read's own objects when absent */
      list?: number;
      objects: KubeObject[];
    }
  | { type: 'provide'; cluster: string; ref: string; lastGood?: StoredText }
  | { type: 'run'; id: number }
  /** the main thread has written the texts of these evaluations: their buffers may be reused (see ChunkPool) */
  | { type: 'release'; refs: string[] }
  /** the worker reads the plan's clusters itself and evaluates each */
  | { type: 'read'; id: number; plan: KubernetesReadPlan; context: ReadContext }
  /** the worker reads the metrics itself and holds them under `id` for this refresh's evaluations */
  | { type: 'readMetrics'; id: number; plan: PrometheusReadPlan }
  /** the worker holds the metrics of a stored last good read under `id` */
  | { type: 'holdMetrics'; id: number; metrics: StoredText }
  /** answers `needs` of a `read`: the stored last good lists of `ref` */
  | {
      type: 'lastGood';
      id: number;
      cluster: string;
      ref: string;
      lastGood?: StoredText;
      /** they could not be read */
      error?: string;
    };

/** Refresh worker → main thread: one answer per `run`. */
export type RunAnswer =
  | { id: number; result: SerializedCluster }
  | { id: number; needs: string }
  | { id: number; error: string };

/** Refresh worker → main thread, per `read`: `needs` and one `outcome` per cluster, then `done`. */
export type ReadAnswer =
  | { id: number; type: 'needs'; cluster: string; ref: string }
  | { id: number; type: 'outcome'; outcome: ClusterOutcome }
  | { id: number; type: 'done'; error?: string }
  /**
   * Per `readMetrics` and `holdMetrics`: for a read, its status and, when
   * usable, its metrics' JSON in slices, to be stored as they are; for a
   * hold, nothing.
   */
  | {
      id: number;
      type: 'metrics';
      status?: SourceStatus;
      texts?: PackedTexts;
      error?: string;
    };

export type ToMain = RunAnswer | ReadAnswer;
