/**
 * One refresh: read every source, evaluate each cluster, and decide what to
 * keep when something failed. A failed read never becomes an empty "all
 * clear": the cluster's last good report stays, marked stale since its last
 * success; a source that never succeeded shows as an error.
 */
import type {
  MeshMetrics,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type { EngineOptions } from '@mesh-security/mesh-security-engine';
import type {
  ClusterObjectSource,
  ClusterRead,
  MetricsRead,
  MetricsSource,
} from '../sources/types';
import type {
  ClusterSnapshot,
  MeshSnapshot,
  LastGoodMetrics,
} from '../snapshot/types';
import type { StoredText } from '../snapshot/storedPayload';
import type { PrometheusReadPlan } from '../sources/prometheusSource';
import type { Redactor } from '../sources/redact';
import { errorMessage } from './errorMessage';
import { withReportWarnings } from './reportWarnings';
import {
  ClusterJob,
  EvaluateMesh,
  lastGoodOf,
  SerializedCluster,
  servedReportOf,
} from '../worker/clusterJob';
import {
  ClusterEvaluator,
  InProcessEvaluator,
  LoadLastGood,
} from '../worker/ClusterEvaluator';
import type {
  ClusterOutcome as WorkerOutcome,
  ReadContext,
} from '../worker/kubernetesReadJob';
import type { KubernetesReadPlan } from '../sources/kubernetesReading';
import { bytesIn, countOf, PackedTexts, textsIn } from '../worker/packedTexts';

export type { EvaluateMesh } from '../worker/clusterJob';

export interface BuildSnapshotInput {
  clusterSources: ClusterObjectSource[];
  metricsSource?: MetricsSource;
  previous?: MeshSnapshot;
  previousMetrics?: LastGoodMetrics;
  /** evaluates on this thread; ignored when `evaluator` is given */
  evaluate?: EvaluateMesh;
  /** evaluates elsewhere, e.g. the refresh worker thread */
  evaluator?: ClusterEvaluator;
  /** reads stored last good lists that `previous` refers to */
  loadLastGood?: LoadLastGood;
  engineOptions?: EngineOptions;
  now: Date;
  signal?: AbortSignal;
  /** cuts configured secrets out of status messages and warnings, and messages of thrown errors */
  redactor?: Redactor;
}

export interface BuildSnapshotResult {
  snapshot: MeshSnapshot;
  /** set when this refresh read metrics successfully */
  metrics?: LastGoodMetrics;
  /** what to store of each cluster evaluated by this refresh, by `ClusterSnapshot.ref` */
  serialized: Map<string, SerializedCluster>;
}

const isUsable = (status: SourceStatus) =>
  status.state === 'ok' || status.state === 'partial';

/** A source's own status texts, through the redactor too: a source may repeat what a server sent. */
function redacted(status: SourceStatus, redactor?: Redactor): SourceStatus {
  if (!redactor) return status;
  return {
    ...status,
    ...(status.message !== undefined && {
      message: redactor.redact(status.message),
    }),
    ...(status.warnings && {
      warnings: status.warnings.map(w => redactor.redact(w)),
    }),
  };
}

/**
 * The status of data served from an earlier read: what was wrong with that
 * read (its warnings, stand-ins, unknown lists) still holds for it.
 */
function staleStatus(previous: SourceStatus, message: string): SourceStatus {
  return { ...previous, state: 'stale', message };
}

interface MetricsOutcome {
  /** by cluster, `*` for every cluster; empty where the evaluator holds them */
  metrics: Record<string, MeshMetrics>;
  /** the evaluator holds this refresh's metrics under this id */
  heldMetrics?: number;
  status?: SourceStatus;
  /** set when the read succeeded: what to store as the last good metrics */
  fresh?: LastGoodMetrics;
}

/** A metrics source whose reading can be handed to the evaluator (Prometheus). */
interface PlannedMetricsSource extends MetricsSource {
  readPlan(): PrometheusReadPlan;
}

function isPlannedMetricsSource(
  source: MetricsSource,
): source is PlannedMetricsSource {
  return (
    typeof (source as Partial<PlannedMetricsSource>).readPlan === 'function'
  );
}

function lastGood(
  readAt: string,
  status: SourceStatus,
  json: string,
): LastGoodMetrics {
  return { readAt, status, metricsJson: async () => json };
}

/** A read held by the evaluator: its JSON slices are stored as they were handed over. */
function heldLastGood(
  readAt: string,
  status: SourceStatus,
  texts: PackedTexts,
): LastGoodMetrics {
  return {
    readAt,
    status,
    metricsJson: async () => [...textsIn(texts, 0, countOf(texts))].join(''),
    metricsSlices: () => bytesIn(texts, 0, countOf(texts)),
  };
}

async function readMetrics(
  source: MetricsSource | undefined,
  previous: LastGoodMetrics | undefined,
  now: Date,
  redactor: Redactor | undefined,
  evaluator: ClusterEvaluator,
): Promise<MetricsOutcome> {
  if (!source) return { metrics: {} };
  if (
    evaluator.readMetrics &&
    evaluator.holdMetrics &&
    isPlannedMetricsSource(source)
  ) {
    return readMetricsElsewhere(
      source,
      previous,
      now,
      redactor,
      evaluator as Required<ClusterEvaluator>,
    );
  }
  let read: MetricsRead;
  try {
    read = await source.read();
  } catch (error) {
    read = { metrics: {}, status: failedStatus(source, error, redactor) };
  }
  read = { ...read, status: redacted(read.status, redactor) };
  if (isUsable(read.status)) {
    const status = {
      ...read.status,
      lastSuccessAt: read.status.lastSuccessAt ?? now.toISOString(),
    };
    return {
      metrics: read.metrics,
      status,
      fresh: lastGood(now.toISOString(), status, JSON.stringify(read.metrics)),
    };
  }
  const message = read.status.message ?? 'metrics read failed';
  if (previous && previous.status.name === read.status.name) {
    try {
      // traffic findings from the last good read beat none: no traffic would look like no plaintext
      return {
        metrics: JSON.parse(await previous.metricsJson()),
        status: staleStatus(previous.status, message),
      };
    } catch {
      // the stored read cannot stand in: the failure is reported as it is
    }
  }
  return { metrics: {}, status: { ...read.status, state: 'error', message } };
}

/**
 * The same decisions with the metrics read and kept by the evaluator (the
 * refresh worker): this thread sees statuses and the JSON's bytes, never the
 * metrics.
 */
async function readMetricsElsewhere(
  source: PlannedMetricsSource,
  previous: LastGoodMetrics | undefined,
  now: Date,
  redactor: Redactor | undefined,
  evaluator: Required<ClusterEvaluator>,
): Promise<MetricsOutcome> {
  let status: SourceStatus;
  try {
    const held = await evaluator.readMetrics(source.readPlan());
    status = redacted(held.status!, redactor);
    if (isUsable(status) && held.texts !== undefined) {
      status = {
        ...status,
        lastSuccessAt: status.lastSuccessAt ?? now.toISOString(),
      };
      return {
        metrics: {},
        heldMetrics: held.id,
        status,
        fresh: heldLastGood(now.toISOString(), status, held.texts),
      };
    }
  } catch (error) {
    status = failedStatus(source, error, redactor);
  }
  const message = status.message ?? 'metrics read failed';
  if (previous && previous.status.name === source.name) {
    try {
      // the stored parts, decoded in the worker: never one string here
      const kept = await evaluator.holdMetrics(
        previous.metricsParts
          ? await previous.metricsParts()
          : await previous.metricsJson(),
      );
      // traffic findings from the last good read beat none: no traffic would look like no plaintext
      return {
        metrics: {},
        heldMetrics: kept.id,
        status: staleStatus(previous.status, message),
      };
    } catch {
      // the stored read cannot stand in: the failure is reported as it is
    }
  }
  return { metrics: {}, status: { ...status, state: 'error', message } };
}

function failedStatus(
  source: MetricsSource,
  error: unknown,
  redactor: Redactor | undefined,
): SourceStatus {
  return {
    name: source.name,
    kind:
      source.name === 'metrics-snapshot' ? 'metrics-snapshot' : 'prometheus',
    state: 'error',
    message: errorMessage(error, redactor),
  };
}

async function readClusters(
  source: ClusterObjectSource,
  redactor: Redactor | undefined,
): Promise<ClusterRead[]> {
  try {
    const reads = await source.read();
    return reads.map(read => ({
      ...read,
      status: redacted(read.status, redactor),
    }));
  } catch (error) {
    // the contract says sources do not throw; one that does still must not take the others down
    return [
      {
        cluster: source.name,
        objects: [],
        status: {
          name: source.name,
          kind: 'kubernetes',
          state: 'error',
          message: errorMessage(error, redactor),
        },
      },
    ];
  }
}

/** A cluster read, and its evaluation when the read was usable (or why that failed). */
interface ClusterOutcome {
  read: ClusterRead;
  evaluated?: SerializedCluster;
  error?: string;
}

/** A source whose reading can be handed to the evaluator (the Kubernetes source). */
interface PlannedSource extends ClusterObjectSource {
  plan(): Promise<{ settled: ClusterRead[]; plan?: KubernetesReadPlan }>;
  settle(reads: Array<Pick<ClusterRead, 'cluster' | 'status'>>): void;
}

function isPlannedSource(source: ClusterObjectSource): source is PlannedSource {
  const s = source as Partial<PlannedSource>;
  return typeof s.plan === 'function' && typeof s.settle === 'function';
}

function jobContext(
  context: ReadContext,
  cluster: string,
): Omit<ClusterJob, 'read'> {
  return {
    metrics: context.metrics[cluster] ?? context.metrics['*'],
    ...(context.heldMetrics !== undefined && {
      heldMetrics: context.heldMetrics,
    }),
    now: context.now,
    generatedAt: context.generatedAt,
    options: context.options,
    previousRef: context.previousRefs[cluster],
  };
}

/** Reads of this thread, evaluated one by one. */
async function readHere(
  reads: ClusterRead[],
  evaluator: ClusterEvaluator,
  context: ReadContext,
  previousRefOf: (cluster: string) => string | undefined,
  loadLastGood: (
    cluster: string,
    ref: string,
  ) => Promise<StoredText | undefined>,
  redactor: Redactor | undefined,
): Promise<ClusterOutcome[]> {
  const outcomes: ClusterOutcome[] = [];
  for (const read of reads) {
    if (!isUsable(read.status)) {
      outcomes.push({ read });
      continue;
    }
    const previousRef = previousRefOf(read.cluster);
    try {
      const evaluated = await evaluator.evaluate(
        {
          read,
          ...jobContext(
            {
              ...context,
              previousRefs: previousRef ? { [read.cluster]: previousRef } : {},
            },
            read.cluster,
          ),
        },
        ref => loadLastGood(read.cluster, ref),
      );
      outcomes.push({ read, evaluated });
    } catch (error) {
      outcomes.push({ read, error: errorMessage(error, redactor) });
    }
  }
  return outcomes;
}

/**
 * The source resolves what needs this backend's services and the evaluator
 * reads and evaluates the rest where it runs (the refresh worker): the
 * clusters' objects never come to this thread.
 */
async function readElsewhere(
  source: PlannedSource,
  evaluator: Required<ClusterEvaluator>,
  context: ReadContext,
  previousRefOf: (cluster: string) => string | undefined,
  loadLastGood: (
    cluster: string,
    ref: string,
  ) => Promise<StoredText | undefined>,
  redactor: Redactor | undefined,
): Promise<ClusterOutcome[]> {
  let planned: Awaited<ReturnType<PlannedSource['plan']>>;
  try {
    planned = await source.plan();
  } catch (error) {
    // like a throwing read(): this source fails, the others go on
    return (
      await readClusters(
        {
          name: source.name,
          read: () => Promise.reject(error),
        },
        redactor,
      )
    ).map(read => ({ read }));
  }
  const settled = planned.settled.map(read => ({
    read: { ...read, status: redacted(read.status, redactor) },
  }));
  const plan = planned.plan;
  if (!plan) return settled;
  const previousRefs: Record<string, string> = {};
  for (const cluster of plan.clusters) {
    const ref = previousRefOf(cluster);
    if (ref) previousRefs[cluster] = ref;
  }
  let outcomes: WorkerOutcome[];
  try {
    outcomes = await evaluator.readAndEvaluate(
      plan,
      { ...context, previousRefs },
      loadLastGood,
    );
  } catch (error) {
    // the evaluator failed (e.g. the worker died): every planned cluster failed with it
    const message = `read failed: ${errorMessage(error, redactor)}`;
    outcomes = plan.clusters.map(cluster => ({
      cluster,
      status: {
        name: `${source.name}:${cluster}`,
        kind: 'kubernetes',
        state: 'error',
        message,
        ...(plan.lastSuccess[cluster] && {
          lastSuccessAt: plan.lastSuccess[cluster],
        }),
      },
    }));
  }
  source.settle(outcomes);
  return [
    ...outcomes.map(({ cluster, status, result, error }) => ({
      read: {
        cluster,
        objects: [],
        status: redacted(status, redactor),
      },
      evaluated: result && {
        ...result,
        status: redacted(result.status, redactor),
      },
      error: error === undefined ? undefined : redactor?.redact(error) ?? error,
    })),
    ...settled,
  ];
}

export async function buildSnapshot(
  input: BuildSnapshotInput,
): Promise<BuildSnapshotResult> {
  const generatedAt = input.now.toISOString();
  const previousClusters = input.previous?.clusters ?? [];
  const evaluator: ClusterEvaluator =
    input.evaluator ??
    new InProcessEvaluator(
      input.evaluate ??
        (() => {
          throw new Error('no engine given');
        }),
    );
  const metricsRead = await readMetrics(
    input.metricsSource,
    input.previousMetrics,
    input.now,
    input.redactor,
    evaluator,
  );

  const clusters: ClusterSnapshot[] = [];
  const sources: SourceStatus[] = [];
  const serialized = new Map<string, SerializedCluster>();

  for (const source of input.clusterSources) {
    input.signal?.throwIfAborted();
    const earlier = new Map(
      previousClusters
        .filter(c => c.source === source.name)
        .map(c => [c.cluster, c]),
    );
    const previousRefOf = (cluster: string) => {
      const previous = earlier.get(cluster);
      // an in-memory snapshot (tests) carries its last good lists; a stored one names them
      return previous?.ref ?? (previous?.lastGood ? 'in-memory' : undefined);
    };
    const loadLastGood = async (cluster: string, ref: string) => {
      const previous = earlier.get(cluster);
      return previous?.lastGood
        ? JSON.stringify(previous.lastGood)
        : input.loadLastGood?.(ref);
    };
    const context: ReadContext = {
      metrics: metricsRead.metrics,
      ...(metricsRead.heldMetrics !== undefined && {
        heldMetrics: metricsRead.heldMetrics,
      }),
      now: input.now.toISOString(),
      generatedAt,
      options: input.engineOptions,
      previousRefs: {},
    };
    const outcomes =
      evaluator.readAndEvaluate && isPlannedSource(source)
        ? await readElsewhere(
            source,
            evaluator as Required<ClusterEvaluator>,
            context,
            previousRefOf,
            loadLastGood,
            input.redactor,
          )
        : await readHere(
            await readClusters(source, input.redactor),
            evaluator,
            context,
            previousRefOf,
            loadLastGood,
            input.redactor,
          );
    const reads = outcomes.map(o => o.read);
    const failures: Array<{ read: ClusterRead; message: string }> = [];
    const keepStale = (previous: ClusterSnapshot, message: string) => {
      const status = staleStatus(previous.status, message);
      clusters.push({ ...previous, status });
      sources.push(status);
    };

    for (const { read, evaluated, error } of outcomes) {
      if (!isUsable(read.status)) {
        failures.push({ read, message: read.status.message ?? 'read failed' });
        continue;
      }
      if (!evaluated) {
        failures.push({
          read,
          message: `evaluation failed: ${error ?? 'no result'}`,
        });
        continue;
      }
      const report = await servedReportOf(evaluated);
      const status = withReportWarnings(evaluated.status, report.warnings);
      serialized.set(evaluated.ref, evaluated);
      clusters.push({
        cluster: read.cluster,
        source: source.name,
        report,
        status,
        ref: evaluated.ref,
        ...(evaluated.unknownKinds && { unknownKinds: evaluated.unknownKinds }),
        // kept in memory only without a worker, which keeps them itself
        ...(!input.evaluator &&
          evaluated.lastGood && {
            lastGood: JSON.parse(lastGoodOf(evaluated)!),
          }),
      });
      sources.push(status);
      earlier.delete(read.cluster);
    }

    const unmatched: typeof failures = [];
    for (const failure of failures) {
      const kept = earlier.get(failure.read.cluster);
      if (!kept) {
        unmatched.push(failure);
        continue;
      }
      earlier.delete(failure.read.cluster);
      keepStale(kept, failure.message);
    }
    if (
      reads.length > 0 &&
      failures.length === reads.length &&
      earlier.size > 0
    ) {
      // nothing of this source could be read (e.g. its cluster list): everything it served before goes stale
      const message = (unmatched[0] ?? failures[0]).message;
      for (const previous of earlier.values()) keepStale(previous, message);
      earlier.clear();
    } else {
      for (const { read, message } of unmatched)
        sources.push({ ...read.status, state: 'error', message });
    }
    // clusters left in `earlier` were read fine before and are simply no longer served: dropped
  }
  if (metricsRead.status) sources.push(metricsRead.status);

  return {
    snapshot: { generatedAt, sources, clusters },
    metrics: metricsRead.fresh,
    serialized,
  };
}
