/**
 * One refresh: read every source, evaluate each cluster, and decide what to
 * keep when something failed. A failed read never becomes an empty "all
 * clear": the cluster's last good report stays, marked stale since its last
 * success; a source that never succeeded shows as an error.
 */
import type {
  MeshMetrics,
  MeshReport,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type {
  EngineInput,
  EngineOptions,
} from '@mesh-security/mesh-security-engine';
import type {
  ClusterObjectSource,
  ClusterRead,
  MetricsRead,
  MetricsSource,
} from '../sources/types';
import type {
  ClusterSnapshot,
  MeshSnapshot,
  StoredMetrics,
} from '../snapshot/types';
import type { Redactor } from '../sources/redact';
import { errorMessage } from './errorMessage';
import { fillFailedLists } from './lastGoodLists';

export type EvaluateMesh = (input: EngineInput) => MeshReport;

export interface BuildSnapshotInput {
  clusterSources: ClusterObjectSource[];
  metricsSource?: MetricsSource;
  previous?: MeshSnapshot;
  previousMetrics?: StoredMetrics;
  evaluate: EvaluateMesh;
  engineOptions?: EngineOptions;
  now: Date;
  signal?: AbortSignal;
  /** cuts configured secrets out of status messages and warnings, and messages of thrown errors */
  redactor?: Redactor;
}

export interface BuildSnapshotResult {
  snapshot: MeshSnapshot;
  /** set when this refresh read metrics successfully */
  metrics?: StoredMetrics;
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

async function readMetrics(
  source: MetricsSource | undefined,
  previous: StoredMetrics | undefined,
  now: Date,
  redactor: Redactor | undefined,
): Promise<{
  metrics: Record<string, MeshMetrics>;
  status?: SourceStatus;
  fresh?: StoredMetrics;
}> {
  if (!source) return { metrics: {} };
  let read: MetricsRead;
  try {
    read = await source.read();
  } catch (error) {
    const kind =
      source.name === 'metrics-snapshot' ? 'metrics-snapshot' : 'prometheus';
    read = {
      metrics: {},
      status: {
        name: source.name,
        kind,
        state: 'error',
        message: errorMessage(error, redactor),
      },
    };
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
      fresh: { readAt: now.toISOString(), metrics: read.metrics, status },
    };
  }
  const message = read.status.message ?? 'metrics read failed';
  if (previous && previous.status.name === read.status.name) {
    // traffic findings from the last good read beat none: no traffic would look like no plaintext
    return {
      metrics: previous.metrics,
      status: staleStatus(previous.status, message),
    };
  }
  return { metrics: {}, status: { ...read.status, state: 'error', message } };
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

export async function buildSnapshot(
  input: BuildSnapshotInput,
): Promise<BuildSnapshotResult> {
  const generatedAt = input.now.toISOString();
  const metricsRead = await readMetrics(
    input.metricsSource,
    input.previousMetrics,
    input.now,
    input.redactor,
  );
  const previousClusters = input.previous?.clusters ?? [];

  const clusters: ClusterSnapshot[] = [];
  const sources: SourceStatus[] = [];

  for (const source of input.clusterSources) {
    input.signal?.throwIfAborted();
    const reads = await readClusters(source, input.redactor);
    const earlier = new Map(
      previousClusters
        .filter(c => c.source === source.name)
        .map(c => [c.cluster, c]),
    );
    const failures: Array<{ read: ClusterRead; message: string }> = [];
    const keepStale = (previous: ClusterSnapshot, message: string) => {
      const status = staleStatus(previous.status, message);
      clusters.push({ ...previous, status });
      sources.push(status);
    };

    for (const read of reads) {
      if (!isUsable(read.status)) {
        failures.push({ read, message: read.status.message ?? 'read failed' });
        continue;
      }
      const filled = fillFailedLists(
        read,
        earlier.get(read.cluster),
        generatedAt,
      );
      let report: MeshReport;
      try {
        report = input.evaluate({
          objects: filled.objects,
          metrics:
            metricsRead.metrics[read.cluster] ?? metricsRead.metrics['*'],
          now: input.now,
          options: input.engineOptions,
        });
      } catch (error) {
        failures.push({
          read,
          message: `evaluation failed: ${errorMessage(error, input.redactor)}`,
        });
        continue;
      }
      const status = {
        ...filled.status,
        lastSuccessAt: filled.status.lastSuccessAt ?? generatedAt,
      };
      clusters.push({
        cluster: read.cluster,
        source: source.name,
        report,
        status,
        ...(filled.unknownKinds && { unknownKinds: filled.unknownKinds }),
        ...(filled.lastGood && { lastGood: filled.lastGood }),
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
  };
}
