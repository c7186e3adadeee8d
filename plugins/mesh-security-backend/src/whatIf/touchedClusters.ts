import type { ChangeSet } from '@mesh-security/mesh-security-engine';
import type { SimulationInput } from './SimulationInputStore';

/** Namespaces a change concerns: those of its objects, and the names of changed Namespaces. */
export function changedNamespaces(change: ChangeSet): Set<string> {
  const namespaces = new Set<string>();
  const add = (kind: string, namespace: string | undefined, name: string) =>
    namespaces.add(kind === 'Namespace' ? name : namespace || 'default');
  for (const o of change.apply) {
    const meta = o.metadata as { namespace?: unknown; name?: unknown };
    add(
      String(o.kind),
      typeof meta?.namespace === 'string' ? meta.namespace : undefined,
      String(meta?.name),
    );
  }
  for (const r of change.delete) add(r.kind, r.namespace, r.name);
  return namespaces;
}

/** Namespaces that exist in the cluster's objects (declared, or holding an object). */
function namespacesOf(input: SimulationInput): Set<string> {
  const namespaces = new Set<string>();
  for (const o of input.objects) {
    const meta = o?.metadata as { namespace?: unknown; name?: unknown };
    if (o?.kind === 'Namespace' && typeof meta?.name === 'string')
      namespaces.add(meta.name);
    else if (typeof meta?.namespace === 'string')
      namespaces.add(meta.namespace);
  }
  return namespaces;
}

/**
 * The clusters a change touches: those holding a namespace it changes, or
 * whose root namespace it changes (a policy there applies mesh-wide).
 */
export function touchedClusters(
  change: ChangeSet,
  inputs: Array<{ input: SimulationInput; rootNamespace?: string }>,
): SimulationInput[] {
  const changed = changedNamespaces(change);
  return inputs
    .filter(({ input, rootNamespace }) => {
      if (rootNamespace && changed.has(rootNamespace)) return true;
      const present = namespacesOf(input);
      return [...changed].some(ns => present.has(ns));
    })
    .map(({ input }) => input);
}
