import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';

/** Written by `kubectl apply`: a second copy of the object, read by nothing here. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function reducedStatus(object: KubeObject): unknown {
  const status = object.status as Record<string, unknown> | undefined;
  if (!status || typeof status !== 'object') return undefined;
  // the engine skips finished Pods and Jobs: the only status it reads
  if (object.kind === 'Pod' && typeof status.phase === 'string')
    return { phase: status.phase };
  if (object.kind === 'Job' && Array.isArray(status.conditions))
    return {
      conditions: status.conditions.map(c => ({
        type: (c as Record<string, unknown>)?.type,
        status: (c as Record<string, unknown>)?.status,
      })),
    };
  return undefined;
}

/**
 * An object as the engine reads it, without what it never reads: managed
 * fields, status (but a Pod's phase and a Job's conditions) and the
 * last-applied copy. Kept per cluster for what-if, where size is the cost.
 */
export function reduceObject(object: KubeObject): KubeObject {
  if (!object || typeof object !== 'object') return object;
  const { status: _status, ...rest } = object;
  const out: KubeObject = { ...rest };
  const metadata = object.metadata as
    | (KubeObject['metadata'] & { managedFields?: unknown })
    | undefined;
  if (metadata && typeof metadata === 'object') {
    const { managedFields: _managed, ...meta } = metadata;
    if (meta.annotations && LAST_APPLIED in meta.annotations) {
      const { [LAST_APPLIED]: _applied, ...annotations } = meta.annotations;
      meta.annotations = annotations;
    }
    out.metadata = meta;
  }
  const status = reducedStatus(object);
  if (status !== undefined) out.status = status;
  return out;
}

export function reduceObjects(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map(reduceObject);
}
