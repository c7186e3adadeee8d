/**
 * A list that could not be read this time (forbidden, timed out, cut short)
 * is never read as "none": its last good objects from the previous snapshot
 * of the cluster stand in, marked stale since that read; without any, the
 * list is unknown and every view says so. Pure: `now` is a parameter.
 */
import type {
  KubeObject,
  SourceStatus,
} from '@mesh-security/plugin-mesh-security-common';
import type { LastGoodList } from '../snapshot/types';
import type { ClusterRead } from '../sources/types';

export interface FilledRead {
  /** what the engine evaluates: the objects read plus the stand-ins */
  objects: KubeObject[];
  /** the status with the stand-ins and unknown lists named */
  status: SourceStatus;
  /** to store with the cluster's report, for the next failed read */
  lastGood?: Record<string, LastGoodList>;
  unknownKinds?: string[];
}

/** `previous`: the cluster's last good lists; `now` dates the lists read when the read itself carries no time. */
export function fillFailedLists(
  read: ClusterRead,
  previous: Record<string, LastGoodList> | undefined,
  now: string,
): FilledRead {
  if (!read.lists) return { objects: read.objects, status: read.status };
  const objects = [...read.objects];
  const lastGood: Record<string, LastGoodList> = {};
  const staleKinds: Array<{ kind: string; since: string }> = [];
  const unknownKinds: string[] = [];
  const notes: string[] = [];
  const readAt = read.status.lastSuccessAt ?? now;

  for (const list of read.lists) {
    if (list.objects) {
      if (list.keepLastGood) {
        lastGood[list.list] = { readAt, objects: list.objects };
      }
      continue;
    }
    const earlier = previous?.[list.list];
    if (list.keepLastGood && earlier) {
      objects.push(...earlier.objects);
      lastGood[list.list] = earlier;
      staleKinds.push({ kind: list.list, since: earlier.readAt });
      notes.push(`${list.list}: using the objects read at ${earlier.readAt}`);
    } else {
      unknownKinds.push(list.list);
      notes.push(
        `${list.list}: never read; results that depend on it are unknown`,
      );
    }
  }

  const status: SourceStatus = { ...read.status };
  if (notes.length > 0) {
    status.state = 'partial';
    status.warnings = [...(read.status.warnings ?? []), ...notes];
  }
  if (staleKinds.length > 0) status.staleKinds = staleKinds;
  if (unknownKinds.length > 0) status.unknownKinds = unknownKinds;
  return {
    objects,
    status,
    lastGood,
    ...(unknownKinds.length > 0 && { unknownKinds }),
  };
}
