import type { ChangeSet } from '@mesh-security/mesh-security-engine';
import type { ProposeJob, SimulateJob, SimulationCluster } from './Simulator';
import type { StoredSimulationInput } from './SimulationInputStore';

/** A what-if job: what the worker runs. */
export type SimulationJob =
  | { type: 'simulate'; job: SimulateJob }
  | { type: 'propose'; job: ProposeJob }
  | { type: 'touched'; change: ChangeSet; clusters: SimulationCluster[] };

/**
 * Main thread → what-if worker: a job, the input revision it must run
 * against per cluster, and the stored inputs the worker was missing.
 */
export interface ToSimulationWorker {
  id: number;
  run: SimulationJob;
  /** per cluster the job reads: the revision of its kept inputs */
  revisions: Record<string, string>;
  /** kept inputs to hold first (undecoded, see `decodeSimulationInput`) */
  inputs: StoredSimulationInput[];
  /** the clusters with kept inputs: the worker lets go of the others it holds (no longer served) */
  kept: string[];
}

/** What-if worker → main thread: one answer per job. */
export type FromSimulationWorker =
  /** it holds other revisions (or none) of these clusters' inputs: send them */
  | { id: number; missing: string[] }
  | { id: number; result: unknown }
  | {
      id: number;
      error: string;
      /** a `ProposalRefused` */
      refused?: 'no-metrics' | 'no-workload';
    };
