import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';

/** Marks an object of a change file as a deletion rather than an addition. */
export const CHANGE_ANNOTATION = 'mesh-security.io/change';

/** An object a change removes, by identity. @public */
export interface ObjectRef {
  kind: string;
  /** absent for cluster-scoped kinds (Namespace); `default` when a namespaced object has none */
  namespace?: string;
  name: string;
}

/**
 * A proposed change to the cluster: objects added (or replacing the object of
 * the same kind, namespace and name) and objects deleted. Never applied
 * anywhere: the simulation only evaluates it.
 * @public
 */
export interface ChangeSet {
  apply: KubeObject[];
  delete: ObjectRef[];
}

const CLUSTER_SCOPED = new Set(['Namespace']);

/** `Kind namespace/name` (`Kind name` for cluster-scoped kinds): how changes are named to users. */
export function describeRef(ref: ObjectRef): string {
  return CLUSTER_SCOPED.has(ref.kind)
    ? `${ref.kind} ${ref.name}`
    : `${ref.kind} ${ref.namespace ?? 'default'}/${ref.name}`;
}

/** The identity of an object, as a change set matches it; undefined when it has none. */
export function refOf(object: KubeObject): ObjectRef | undefined {
  if (!object || typeof object !== 'object') return undefined;
  const kind = typeof object.kind === 'string' ? object.kind : undefined;
  const meta = object.metadata as Record<string, unknown> | undefined;
  const name = typeof meta?.name === 'string' ? meta.name : undefined;
  if (!kind || !name) return undefined;
  if (CLUSTER_SCOPED.has(kind)) return { kind, name };
  const ns =
    typeof meta?.namespace === 'string' && meta.namespace
      ? meta.namespace
      : 'default';
  return { kind, namespace: ns, name };
}

const keyOf = (ref: ObjectRef) =>
  `${ref.kind}\u0000${
    CLUSTER_SCOPED.has(ref.kind) ? '' : ref.namespace ?? 'default'
  }\u0000${ref.name}`;

/** Items of `kind: *List` objects, at any depth, as single objects. */
function flatten(
  objects: readonly KubeObject[],
  into: KubeObject[],
): KubeObject[] {
  for (const o of objects) {
    const items = (o as { items?: unknown } | null)?.items;
    if (
      typeof o?.kind === 'string' &&
      o.kind.endsWith('List') &&
      Array.isArray(items)
    )
      flatten(items as KubeObject[], into);
    else into.push(o);
  }
  return into;
}

/**
 * Splits the objects of change files into a change set: an object annotated
 * `mesh-security.io/change: delete` deletes its namesake, any other object is
 * applied. Other annotation values are an error, never a silent apply.
 */
export function changeSetFromObjects(
  objects: readonly KubeObject[],
): ChangeSet {
  const change: ChangeSet = { apply: [], delete: [] };
  for (const o of flatten(objects, [])) {
    const ref = refOf(o);
    if (!ref) throw new Error('a changed object has no kind or metadata.name');
    const annotations = (o.metadata as Record<string, any> | undefined)
      ?.annotations;
    const marker = annotations?.[CHANGE_ANNOTATION];
    if (marker === undefined) change.apply.push(o);
    else if (marker === 'delete') change.delete.push(ref);
    else
      throw new Error(
        `${describeRef(
          ref,
        )}: ${CHANGE_ANNOTATION} must be "delete" (got ${JSON.stringify(
          marker,
        )})`,
      );
  }
  return change;
}

/** The cluster's objects after the change: replaced in place, deleted, or appended. */
export function applyChangeSet(
  objects: readonly KubeObject[],
  change: ChangeSet,
): KubeObject[] {
  const replacements = new Map<string, KubeObject>();
  for (const o of change.apply) {
    const ref = refOf(o);
    if (ref) replacements.set(keyOf(ref), o);
  }
  const deleted = new Set(change.delete.map(keyOf));
  const out: KubeObject[] = [];
  for (const o of flatten(objects, [])) {
    const ref = refOf(o);
    const key = ref ? keyOf(ref) : undefined;
    if (key && deleted.has(key)) continue;
    if (key && replacements.has(key)) {
      out.push(replacements.get(key)!);
      replacements.delete(key);
      continue;
    }
    out.push(o);
  }
  out.push(...replacements.values());
  return out;
}
