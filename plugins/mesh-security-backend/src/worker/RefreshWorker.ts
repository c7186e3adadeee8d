import type { Worker } from 'node:worker_threads';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import type { ClusterJob, SerializedCluster } from './clusterJob';
import { describeError } from '../sources/errors';
import type { StoredText } from '../snapshot/storedPayload';
import type { KubernetesReadPlan } from '../sources/kubernetesReading';
import type { PrometheusReadPlan } from '../sources/prometheusSource';
import {
  ClusterEvaluator,
  HeldMetrics,
  inPlanOrder,
  LoadLastGood,
} from './ClusterEvaluator';
import type {
  ClusterOutcome,
  NeedLastGood,
  ReadContext,
} from './kubernetesReadJob';
import type { ReadAnswer, RunAnswer, ToMain, ToWorker } from './messages';
import { refreshWorkerModule } from './refreshWorkerThread';
import { startWorkerThread } from './workerThread';
import { createYielder } from './yieldToLoop';

/** objects per message: cloning a chunk costs the main thread a few ms */
const OBJECTS_PER_MESSAGE = 1000;

/**
 * The worker's largest heap, in MB, unless configured
 * (`meshSecurity.refresh.workerHeapMb`). A 4x benchmark mesh (40,000 pods)
 * peaked at ~500 MB of heap, and refreshed within a limit of 768.
 *
 * Why a limit: a worker running out of it stops alone, with a clear error,
 * rather than the whole backend. And below 2 GB V8 lets a heap grow to at
 * most ~2x what it kept at its last full collection (1.8x at 1536) rather
 * than 4x: unbounded, the worker's heap reached ~1 GB in some 4x refreshes,
 * mostly garbage of the previous one not yet collected.
 */
export const DEFAULT_WORKER_HEAP_MB = 1536;

function sameObjects(objects: KubeObject[], lists: Array<KubeObject[]>) {
  let i = 0;
  for (const list of lists) {
    for (const object of list) if (objects[i++] !== object) return false;
  }
  return i === objects.length;
}

/**
 * Hands cluster reads to a worker thread that evaluates and serializes them
 * (see ./refreshWorkerThread). The thread is started on first use, kept for
 * the next refresh (it holds the clusters' last good lists), and started
 * again if it dies.
 */
export class RefreshWorker implements ClusterEvaluator {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (message: RunAnswer) => void; reject: (error: Error) => void }
  >();
  /** `read` jobs: each receives every answer to its id */
  private readonly reading = new Map<
    number,
    { answer: (message: ReadAnswer) => void; reject: (error: Error) => void }
  >();

  private readonly heapMb: number;
  /** why each thread that stopped did, for jobs that reach it afterwards */
  private readonly stopped = new WeakMap<Worker, Error>();

  constructor(
    private readonly logger?: Pick<LoggerService, 'warn'>,
    options: { heapMb?: number } = {},
  ) {
    this.heapMb = options.heapMb ?? DEFAULT_WORKER_HEAP_MB;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // an idle worker does not keep the process alive (started unref'd)
    const worker = startWorkerThread(
      'refreshWorkerModule',
      refreshWorkerModule,
      this.heapMb,
    );
    worker.on('message', (message: ToMain) => {
      if ('type' in message) this.reading.get(message.id)?.answer(message);
      else this.waiting.get(message.id)?.resolve(message);
    });
    const fail = (error: Error) => {
      // the first reason is the one told: `exit` follows an `error`
      if (!this.stopped.has(worker)) this.stopped.set(worker, error);
      if (this.worker === worker) this.worker = undefined;
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
      for (const { reject } of this.reading.values()) reject(error);
      this.reading.clear();
    };
    worker.on('error', (error: Error & { code?: string }) => {
      const failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              `the refresh worker ran out of memory: its heap is limited to ${this.heapMb} MB (meshSecurity.refresh.workerHeapMb); raise it for a mesh of this size`,
            )
          : error;
      this.logger?.warn(`Mesh security refresh worker failed: ${failure}`);
      fail(failure);
    });
    worker.on('exit', code =>
      fail(new Error(`the refresh worker stopped (exit code ${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  private send(worker: Worker, message: ToWorker) {
    worker.postMessage(message);
  }

  private answer(worker: Worker, id: number): Promise<RunAnswer> {
    return new Promise((resolve, reject) => {
      if (this.worker !== worker) {
        reject(
          this.stopped.get(worker) ?? new Error('the refresh worker stopped'),
        );
        return;
      }
      this.waiting.set(id, { resolve, reject });
      worker.ref(); // while a job runs, the process waits for it
      this.send(worker, { type: 'run', id });
    }).finally(() => {
      this.waiting.delete(id);
      this.unrefWhenIdle(worker);
    }) as Promise<RunAnswer>;
  }

  private unrefWhenIdle(worker: Worker) {
    if (this.waiting.size === 0 && this.reading.size === 0) worker.unref();
  }

  /**
   * The worker reads the plan's clusters itself (pages go straight into it)
   * and evaluates each: no cluster object ever reaches this thread.
   */
  async readAndEvaluate(
    plan: KubernetesReadPlan,
    context: ReadContext,
    loadLastGood: NeedLastGood,
  ): Promise<ClusterOutcome[]> {
    const worker = this.start();
    const id = this.nextId++;
    const outcomes: ClusterOutcome[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const answer = (message: ReadAnswer) => {
          switch (message.type) {
            case 'outcome':
              outcomes.push(message.outcome);
              return;
            case 'needs':
              loadLastGood(message.cluster, message.ref).then(
                lastGood =>
                  this.send(worker, {
                    type: 'lastGood',
                    id,
                    cluster: message.cluster,
                    ref: message.ref,
                    lastGood,
                  }),
                // the worker waits for an answer: the cluster's evaluation fails
                (error: unknown) =>
                  this.send(worker, {
                    type: 'lastGood',
                    id,
                    cluster: message.cluster,
                    ref: message.ref,
                    error: `the last good lists could not be read: ${describeError(
                      error,
                    )}`,
                  }),
              );
              return;
            case 'done':
              if (message.error) reject(new Error(message.error));
              else resolve();
              return;
            default:
          }
        };
        this.reading.set(id, { answer, reject });
        worker.ref(); // while a job runs, the process waits for it
        this.send(worker, { type: 'read', id, plan, context });
      });
    } finally {
      this.reading.delete(id);
      this.unrefWhenIdle(worker);
    }
    return inPlanOrder(plan, outcomes);
  }

  async evaluate(
    job: ClusterJob,
    loadLastGood: LoadLastGood,
  ): Promise<SerializedCluster> {
    const worker = this.start();
    const id = this.nextId++;
    const { read } = job;
    const lists = read.lists ?? [];
    const fromLists =
      !!read.lists &&
      sameObjects(
        read.objects,
        lists.map(l => l.objects ?? []),
      );
    // each object is cloned once, in chunks, with the event loop let through between them
    const shell: ClusterJob = {
      ...job,
      read: {
        ...read,
        objects: [],
        ...(read.lists && {
          lists: read.lists.map(l => ({
            ...l,
            ...(l.objects && { objects: [] }),
          })),
        }),
      },
    };
    this.send(worker, {
      type: 'begin',
      id,
      job: shell,
      objectsFromLists: fromLists,
    });
    const yieldNow = createYielder();
    const sendAll = async (objects: KubeObject[], list?: number) => {
      for (let i = 0; i < objects.length; i += OBJECTS_PER_MESSAGE) {
        await yieldNow();
        this.send(worker, {
          type: 'objects',
          id,
          list,
          objects: objects.slice(i, i + OBJECTS_PER_MESSAGE),
        });
      }
    };
    if (!fromLists) await sendAll(read.objects);
    for (const [index, list] of lists.entries()) {
      // without `fromLists`, only the lists kept as last good are read from `lists`
      if (list.objects && (fromLists || list.keepLastGood)) {
        await sendAll(list.objects, index);
      }
    }
    for (let attempt = 0; ; attempt++) {
      const message = await this.answer(worker, id);
      if ('result' in message) return message.result;
      if ('error' in message) throw new Error(message.error);
      if (attempt > 0) throw new Error('the last good lists could not be read');
      this.send(worker, {
        type: 'provide',
        cluster: read.cluster,
        ref: message.needs,
        lastGood: await loadLastGood(message.needs),
      });
    }
  }

  /**
   * The worker reads Prometheus and keeps the metrics for this refresh's
   * evaluations: answers are never parsed, copied or stringified here.
   */
  async readMetrics(plan: PrometheusReadPlan): Promise<HeldMetrics> {
    const held = await this.askMetrics(id => ({
      type: 'readMetrics',
      id,
      plan,
    }));
    // the source in the worker has no logger: said here, as the source says it
    if (held.status?.state === 'error') {
      this.logger?.warn(`Prometheus read failed: ${held.status.message}`);
    }
    return held;
  }

  holdMetrics(metrics: StoredText): Promise<HeldMetrics> {
    return this.askMetrics(id => ({ type: 'holdMetrics', id, metrics }));
  }

  private async askMetrics(
    message: (id: number) => ToWorker,
  ): Promise<HeldMetrics> {
    const worker = this.start();
    const id = this.nextId++;
    try {
      return await new Promise<HeldMetrics>((resolve, reject) => {
        const answer = (m: ReadAnswer) => {
          if (m.type !== 'metrics') return;
          if (m.error) reject(new Error(m.error));
          else resolve({ id, status: m.status, texts: m.texts });
        };
        this.reading.set(id, { answer, reject });
        worker.ref(); // while a job runs, the process waits for it
        this.send(worker, message(id));
      });
    } finally {
      this.reading.delete(id);
      this.unrefWhenIdle(worker);
    }
  }

  release(refs: string[]): void {
    // sent with no refs as well: the pool then drops the chunks of evaluations never stored
    if (this.worker) this.send(this.worker, { type: 'release', refs });
  }

  /** Stops the thread (backend shutdown). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
