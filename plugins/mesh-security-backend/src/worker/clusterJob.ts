/**
 * What the refresh worker does for one cluster: fill failed lists from the
 * last good ones, evaluate, and serialize what is stored. Pure apart from the
 * last good lists it keeps per cluster between refreshes; runs in the worker
 * thread, or in-process where no thread is wanted (tests).
 */
import { randomUUID } from 'node:crypto';
import type {
  MeshMetrics,
  MeshReport,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type {
  EngineInput,
  EngineOptions,
} from '@mesh-security/mesh-security-engine';
import type { ClusterRead } from '../sources/types';
import type { LastGoodList } from '../snapshot/types';
import { StoredText, storedTextOf } from '../snapshot/storedPayload';
import { fillFailedLists } from '../refresh/lastGoodLists';
import { reduceObjects } from '@mesh-security/mesh-security-engine';
import { decodeReport, reportPartTexts } from './reportParts';
import { ChunkPool } from './chunkPool';
import { jsonPieces } from './jsonPieces';
import {
  ServedWorkloads,
  ServedWorkloadsBuilder,
  servedWorkloadEntries,
} from './servedWorkloads';
import {
  bytesIn,
  countOf,
  PackedTexts,
  TextPacker,
  textAt,
  textsIn,
} from './packedTexts';

export interface ClusterJob {
  /**
   * objects as the engine reads them: reduced where they enter
   * ({@link reduceRead}, the worker's ingest, `readCluster`)
   */
  read: ClusterRead;
  metrics?: MeshMetrics;
  /** in the refresh worker: evaluate with the metrics it holds under this id instead (see RefreshWorker.readMetrics) */
  heldMetrics?: number;
  /** ISO time the engine is told it is */
  now: string;
  /** ISO time of the refresh: dates lists read without a time of their own */
  generatedAt: string;
  options?: EngineOptions;
  /** the stored evaluation the cluster's last good lists come from, if any */
  previousRef?: string;
}

/**
 * A read of served objects cut down to what the engine reads (status,
 * managed fields and the like go): its objects and the lists kept as last
 * good, the only ones read from `lists`.
 */
export function reduceRead(read: ClusterRead): ClusterRead {
  return {
    ...read,
    objects: reduceObjects(read.objects),
    ...(read.lists && {
      lists: read.lists.map(l =>
        l.objects && l.keepLastGood
          ? { ...l, objects: reduceObjects(l.objects) }
          : l,
      ),
    }),
  };
}

/** One evaluated cluster as it is stored: texts in shared buffers, cheap to hand between threads. */
export interface SerializedCluster {
  /** names this evaluation's stored parts */
  ref: string;
  status: SourceStatus;
  unknownKinds?: string[];
  evaluatedAt: string;
  /**
   * in order: the `encodeReport` parts of the report; the JSON of the last
   * good lists per list, when `lastGood`; the slices of the JSON of what the
   * report was evaluated from (what-if simulations). Read only until the
   * evaluator is told `release` of `ref`: the next refresh may write over
   * them (see ChunkPool).
   */
  texts: PackedTexts;
  reportParts: number;
  /** the report's workloads as the main thread keeps them: one look-up text per report part of workloads */
  workloads: ServedWorkloads;
  lastGood: boolean;
  /** texts the last good lists' JSON is cut into (0 without `lastGood`) */
  lastGoodSlices: number;
}

/*
 * What is only written to the database is handed over as UTF-8 bytes: a
 * string of each part, made on the main thread and alive until its statement
 * ran, was most of what that thread allocated during a refresh.
 */

/** The report's parts, decoded. */
export function reportPartsOf(cluster: SerializedCluster): Iterable<string> {
  return textsIn(cluster.texts, 0, cluster.reportParts);
}

function* servedParts(cluster: SerializedCluster): Generator<string> {
  yield textAt(cluster.texts, 0);
  // the parts of workloads follow the head; the main thread takes them from `workloads`
  const from = 1 + countOf(cluster.workloads.lookups);
  yield* textsIn(cluster.texts, from, cluster.reportParts - from);
}

/** The report as the main thread serves it: no workload part decoded (see servedWorkloads). */
export async function servedReportOf(
  cluster: SerializedCluster,
): Promise<MeshReport> {
  return decodeReport(
    servedParts(cluster),
    await servedWorkloadEntries(cluster.workloads),
  );
}

/** The report's parts as bytes, to be written. */
export function reportPartBytesOf(
  cluster: SerializedCluster,
): Iterable<Buffer> {
  return bytesIn(cluster.texts, 0, cluster.reportParts);
}

/** The last good lists' JSON in slices (bytes): written as rows of bounded size. */
export function lastGoodSlicesOf(cluster: SerializedCluster): Iterable<Buffer> {
  return bytesIn(cluster.texts, cluster.reportParts, cluster.lastGoodSlices);
}

export function lastGoodOf(cluster: SerializedCluster): string | undefined {
  return cluster.lastGood
    ? [
        ...textsIn(cluster.texts, cluster.reportParts, cluster.lastGoodSlices),
      ].join('')
    : undefined;
}

/** The slices (bytes) of the JSON of what the report was evaluated from. */
export function simulationSlicesOf(
  cluster: SerializedCluster,
): Iterable<Buffer> {
  const from = cluster.reportParts + cluster.lastGoodSlices;
  return bytesIn(cluster.texts, from, countOf(cluster.texts) - from);
}

export type EvaluateMesh = (input: EngineInput) => MeshReport;

/** Thrown when the job needs the stored last good lists of `ref` first (see `ClusterJobRunner.provide`). */
export class LastGoodNeeded extends Error {
  constructor(readonly ref: string) {
    super(`last good lists of ${ref} needed`);
    this.name = 'LastGoodNeeded';
  }
}

export class ClusterJobRunner {
  /** per cluster: the last good lists of its latest evaluation */
  private readonly lastGood = new Map<
    string,
    { ref: string; lists: Record<string, LastGoodList> }
  >();

  /**
   * `pool`: where the texts only written to the database get their buffers
   * (the refresh worker's, see ChunkPool); fresh shared memory without one.
   */
  constructor(
    private readonly evaluate: EvaluateMesh,
    private readonly pool?: ChunkPool,
  ) {}

  /** The main thread is done with the texts of `refs` (see ChunkPool). */
  release(refs: string[]): void {
    this.pool?.release(refs);
  }

  /** Hands over stored last good lists (JSON, or its stored parts), e.g. written by another replica. */
  provide(cluster: string, ref: string, lastGood: StoredText | undefined) {
    const json = lastGood && storedTextOf(lastGood);
    this.lastGood.set(cluster, { ref, lists: json ? JSON.parse(json) : {} });
  }

  /** Whether the lists of `ref` are at hand for `cluster`. */
  has(cluster: string, ref: string | undefined): boolean {
    return !ref || this.lastGood.get(cluster)?.ref === ref;
  }

  run(job: ClusterJob): SerializedCluster {
    const { read } = job;
    const needsEarlier = read.lists?.some(l => !l.objects && l.keepLastGood);
    if (needsEarlier && !this.has(read.cluster, job.previousRef)) {
      throw new LastGoodNeeded(job.previousRef!);
    }
    const earlier = job.previousRef
      ? this.lastGood.get(read.cluster)?.lists
      : undefined;
    const filled = fillFailedLists(read, earlier, job.generatedAt);
    const now = new Date(job.now);
    const ref = randomUUID();
    // every text is written into shared memory as it is made (see packedTexts);
    // the report is not kept past its encoding: at 4x it is ~350 MB of objects
    // that the worker's collections would mark again while the rest is serialized
    const texts = new TextPacker(this.pool?.allocatorFor(ref));
    const workloads = new ServedWorkloadsBuilder();
    for (const part of reportPartTexts(
      this.evaluate({
        objects: filled.objects,
        metrics: job.metrics,
        now,
        options: job.options,
      }),
      items => workloads.add(items),
    )) {
      texts.add(part);
    }
    const reportParts = texts.count;
    if (filled.lastGood) {
      this.lastGood.set(read.cluster, { ref, lists: filled.lastGood });
    }
    const lastGoodSlices = filled.lastGood
      ? texts.addSliced(jsonPieces(filled.lastGood))
      : 0;
    texts.addSliced(
      jsonPieces({
        objects: filled.objects,
        ...(job.metrics && { metrics: job.metrics }),
        ...(job.options && { options: job.options }),
      }),
    );
    return {
      ref,
      status: {
        ...filled.status,
        lastSuccessAt: filled.status.lastSuccessAt ?? job.generatedAt,
      },
      ...(filled.unknownKinds && { unknownKinds: filled.unknownKinds }),
      evaluatedAt: now.toISOString(),
      texts: texts.pack(),
      reportParts,
      workloads: workloads.build(),
      lastGood: !!filled.lastGood,
      lastGoodSlices,
    };
  }
}
