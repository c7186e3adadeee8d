/**
 * How a snapshot is laid out in the database: a small head row naming, per
 * cluster, the stored evaluation (`ref`) whose parts hold its report and last
 * good lists. The head is written last, so a reader sees a whole snapshot or
 * the previous one, never half of a new one.
 */
import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import type { ClusterSnapshot } from './types';
import type { StoredPayload } from './storedPayload';

export const PARTS_TABLE = 'mesh_security_snapshot_parts';

export interface StoredCluster {
  cluster: string;
  source: string;
  status: SourceStatus;
  unknownKinds?: string[];
  ref: string;
  /** how many report parts `ref` has */
  parts: number;
  /** whether `ref` has last good lists */
  lastGood: boolean;
}

export interface StoredHead {
  format: 2;
  generatedAt: string;
  sources: SourceStatus[];
  clusters: StoredCluster[];
}

export function isStoredHead(value: unknown): value is StoredHead {
  return (value as StoredHead)?.format === 2;
}

export function storedCluster(
  cluster: ClusterSnapshot,
  ref: string,
  parts: number,
  lastGood: boolean,
): StoredCluster {
  return {
    cluster: cluster.cluster,
    source: cluster.source,
    status: cluster.status,
    ...(cluster.unknownKinds && { unknownKinds: cluster.unknownKinds }),
    ref,
    parts,
    lastGood,
  };
}

/** A row of PARTS_TABLE. */
export interface PartRow {
  ref: string;
  kind: 'report' | 'lastgood' | 'metrics';
  seq: number;
  cluster: string;
  payload: StoredPayload;
}

/** Thrown when parts named by a head are gone: a newer snapshot replaced it meanwhile; read again. */
export class PartsMissing extends Error {
  constructor(ref: string) {
    super(`the stored parts of ${ref} are gone`);
    this.name = 'PartsMissing';
  }
}
