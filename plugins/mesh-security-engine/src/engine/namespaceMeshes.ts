import { namespaceMesh, type NamespaceMesh } from './dataplane';
import type { Inventory } from './inventory';

/** Each namespace's injection labels read once, on first use. */
export function namespaceMeshes(
  inventory: Inventory,
): (namespace: string) => NamespaceMesh {
  const cache = new Map<string, NamespaceMesh>();
  return ns => {
    let m = cache.get(ns);
    if (!m)
      cache.set(
        ns,
        (m = namespaceMesh(inventory.namespaceLabels.get(ns) ?? {})),
      );
    return m;
  };
}
