import type { Worker } from 'node:worker_threads';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ChangeSet } from '@mesh-security/mesh-security-engine';
import { startWorkerThread } from '../worker/workerThread';
import type {
  FromSimulationWorker,
  SimulationJob,
  ToSimulationWorker,
} from './simulationMessages';
import { ProposalRefused } from './simulateInCluster';
import type {
  SimulationInputStore,
  StoredSimulationInput,
} from './SimulationInputStore';
import { simulationWorkerModule } from './simulationWorkerThread';
import type {
  ProposeJob,
  SimulateJob,
  SimulationCluster,
  Simulator,
} from './Simulator';

/** a job asks again at most this often when the inputs it was sent were replaced meanwhile */
const ATTEMPTS = 3;

/**
 * Runs what-if jobs in a worker thread that keeps each cluster's inputs
 * parsed (see ./simulationWorkerThread): at 4x a cluster's inputs are ~60 MB
 * of JSON and a simulation evaluates the mesh twice, seconds the event loop
 * would otherwise be held. This thread reads only the revision of each
 * cluster's inputs, and their stored parts (deflated) when the worker holds
 * another. The thread starts on first use and again if it dies.
 */
export class SimulationWorker implements Simulator {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    {
      worker: Worker;
      resolve: (message: FromSimulationWorker) => void;
      reject: (error: Error) => void;
    }
  >();

  constructor(
    private readonly inputs: Pick<
      SimulationInputStore,
      'revisionOf' | 'readStored' | 'clusters'
    >,
    private readonly heapMb: number,
    private readonly logger?: Pick<LoggerService, 'warn'>,
  ) {}

  simulate(job: SimulateJob) {
    return this.inCluster(job.cluster, { type: 'simulate', job }) as Promise<
      { changed: string[]; json: Uint8Array } | undefined
    >;
  }

  propose(job: ProposeJob) {
    return this.inCluster(job.cluster, { type: 'propose', job }) as Promise<
      Uint8Array[] | undefined
    >;
  }

  /** A job on one cluster's inputs; undefined when none are kept. */
  private async inCluster(cluster: string, job: SimulationJob) {
    const revision = await this.inputs.revisionOf(cluster);
    return revision ? this.run({ [cluster]: revision }, job) : undefined;
  }

  async touched(change: ChangeSet, clusters: SimulationCluster[]) {
    const revisions: Record<string, string> = {};
    const kept: SimulationCluster[] = [];
    const notKept: string[] = [];
    for (const c of clusters) {
      const revision = await this.inputs.revisionOf(c.cluster);
      if (revision) {
        revisions[c.cluster] = revision;
        kept.push(c);
      } else notKept.push(c.cluster);
    }
    const touched =
      kept.length > 0
        ? ((await this.run(revisions, {
            type: 'touched',
            change,
            clusters: kept,
          })) as string[])
        : [];
    return { touched, notKept };
  }

  /** Stops the thread (backend shutdown). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /**
   * Runs `job` against the given revisions; when the worker holds others,
   * sends it the stored inputs (read anew: a refresh may have replaced them,
   * and then the job runs against the newer ones). The worker lets go of the
   * clusters no longer kept.
   */
  private async run(
    revisions: Record<string, string>,
    job: SimulationJob,
  ): Promise<unknown> {
    let inputs: StoredSimulationInput[] = [];
    const kept = await this.inputs.clusters();
    for (let attempt = 1; ; attempt++) {
      const answer = await this.ask({
        id: this.nextId++,
        run: job,
        revisions,
        inputs,
        kept,
      });
      if ('result' in answer) return answer.result;
      if ('error' in answer) {
        throw answer.refused
          ? new ProposalRefused(answer.refused, answer.error)
          : new Error(answer.error);
      }
      if (attempt >= ATTEMPTS) {
        throw new ServiceUnavailableError(
          'The kept objects of the cluster kept changing while being read: try again',
        );
      }
      inputs = [];
      for (const cluster of answer.missing) {
        const stored = await this.inputs.readStored(cluster);
        if (!stored) {
          throw new ServiceUnavailableError(
            `The kept objects of cluster ${cluster} are gone (the cluster is no longer served): try again`,
          );
        }
        revisions[cluster] = stored.revision;
        inputs.push(stored);
      }
    }
  }

  private ask(message: ToSimulationWorker): Promise<FromSimulationWorker> {
    const worker = this.start();
    return new Promise<FromSimulationWorker>((resolve, reject) => {
      this.waiting.set(message.id, { worker, resolve, reject });
      worker.ref(); // while a job runs, the process waits for it
      worker.postMessage(message);
    }).finally(() => {
      this.waiting.delete(message.id);
      if (![...this.waiting.values()].some(w => w.worker === worker)) {
        worker.unref();
      }
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorkerThread(
      'simulationWorkerModule',
      simulationWorkerModule,
      this.heapMb,
    );
    worker.on('message', (message: FromSimulationWorker) =>
      this.waiting.get(message.id)?.resolve(message),
    );
    let failure: Error | undefined;
    const fail = (error: Error) => {
      // the first reason is the one told: `exit` follows an `error`
      failure ??= error;
      if (this.worker === worker) this.worker = undefined;
      // only the jobs of this thread: a new one may have started meanwhile
      for (const [id, job] of this.waiting) {
        if (job.worker !== worker) continue;
        this.waiting.delete(id);
        job.reject(failure);
      }
    };
    worker.on('error', (error: Error & { code?: string }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              `the what-if worker ran out of memory: its heap is limited to ${this.heapMb} MB (meshSecurity.refresh.workerHeapMb); raise it for a mesh of this size`,
            )
          : error;
      this.logger?.warn(`Mesh security what-if worker failed: ${reason}`);
      fail(reason);
    });
    worker.on('exit', code =>
      fail(new Error(`the what-if worker stopped (exit code ${code})`)),
    );
    this.worker = worker;
    return worker;
  }
}
