import type { ChangeSet } from '@mesh-security/mesh-security-engine';
import type {
  SimulationInput,
  SimulationInputStore,
} from './SimulationInputStore';
import { proposeInCluster, simulateInCluster } from './simulateInCluster';
import { touchedClusters } from './touchedClusters';
import { lookupOf, WorkloadEntityPairs } from './workloadEntities';

/** A simulation of `change` in one cluster, its flows' callers matched to `entities`. */
export interface SimulateJob {
  cluster: string;
  change: ChangeSet;
  entities: WorkloadEntityPairs;
  /** lists the cluster's read could not list: told with the result */
  unknownKinds?: string[];
}

/** Least-privilege proposals for workloads (`namespace/name`) of one cluster. */
export interface ProposeJob {
  cluster: string;
  workloads: string[];
  entities: WorkloadEntityPairs;
  unknownKinds?: string[];
}

/** A cluster in which a change may be simulated. */
export interface SimulationCluster {
  cluster: string;
  /** a change there applies mesh-wide */
  rootNamespace?: string;
}

/**
 * Runs what-if jobs against each cluster's kept inputs. Results come as JSON
 * (UTF-8), ready to be sent: a large simulation is never an object graph on
 * the thread that answers requests. `undefined`: the cluster's inputs are
 * not kept (yet).
 */
export interface Simulator {
  /** JSON of the `ClusterSimulation`, with the names of the changed objects */
  simulate(
    job: SimulateJob,
  ): Promise<{ changed: string[]; json: Uint8Array } | undefined>;
  /** JSON of each `AuthorizationProposalView`, in the order asked; throws `ProposalRefused` */
  propose(job: ProposeJob): Promise<Uint8Array[] | undefined>;
  /** The clusters whose namespaces (or root namespace) the change touches, and those with no kept inputs. */
  touched(
    change: ChangeSet,
    clusters: SimulationCluster[],
  ): Promise<{ touched: string[]; notKept: string[] }>;
}

const encoder = new TextEncoder();
const json = (value: unknown): Uint8Array =>
  encoder.encode(JSON.stringify(value));

/** A simulate job on the thread that holds the cluster's input. */
export function simulated(
  input: SimulationInput,
  job: SimulateJob,
): { changed: string[]; json: Uint8Array } {
  const simulation = simulateInCluster(
    input,
    job.change,
    lookupOf(job.entities),
    job.unknownKinds,
  );
  return { changed: simulation.changed, json: json(simulation) };
}

/** A propose job on the thread that holds the cluster's input. */
export function proposed(
  input: SimulationInput,
  job: ProposeJob,
): Uint8Array[] {
  return proposeInCluster(
    input,
    job.workloads,
    lookupOf(job.entities),
    job.unknownKinds,
  ).map(json);
}

/** The names of the `clusters` (inputs at hand) the change touches. */
export function touchedOf(
  change: ChangeSet,
  clusters: Array<SimulationCluster & { input: SimulationInput }>,
): string[] {
  return touchedClusters(change, clusters).map(i => i.cluster);
}

/** The jobs on the calling thread: for tests and callers without a worker. */
export class InProcessSimulator implements Simulator {
  constructor(private readonly inputs: Pick<SimulationInputStore, 'read'>) {}

  async simulate(job: SimulateJob) {
    const input = await this.inputs.read(job.cluster);
    return input && simulated(input, job);
  }

  async propose(job: ProposeJob) {
    const input = await this.inputs.read(job.cluster);
    return input && proposed(input, job);
  }

  async touched(change: ChangeSet, clusters: SimulationCluster[]) {
    const kept: Array<SimulationCluster & { input: SimulationInput }> = [];
    const notKept: string[] = [];
    for (const c of clusters) {
      const input = await this.inputs.read(c.cluster);
      if (input) kept.push({ ...c, input });
      else notKept.push(c.cluster);
    }
    return { touched: touchedOf(change, kept), notKept };
  }
}
