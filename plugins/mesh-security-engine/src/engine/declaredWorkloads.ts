import { injectionView, type NamespaceMesh } from './dataplane';
import type { Inventory, PodRecord } from './inventory';

/**
 * Pods standing for the controllers none of whose Pods is in the input (a
 * GitOps folder, a Helm render): each template is judged as the API server
 * would admit it, so the sidecar injector's verdict is anticipated — the
 * template has a sidecar when it already carries `istio-proxy` or a webhook
 * would inject one (istioctl's `util.DeploymentInMesh` reasons the same way).
 * When Pods of a controller are present, they decide.
 */
export function declaredPods(
  inventory: Inventory,
  hasPods: (workloadKey: string) => boolean,
  namespaceMesh: (namespace: string) => NamespaceMesh,
): PodRecord[] {
  const out: PodRecord[] = [];
  for (const t of inventory.templates) {
    if (hasPods(`${t.namespace}/${t.name}`)) continue;
    const pod = t.pod;
    if (!pod.hasSidecar && !pod.hostNetwork)
      pod.hasSidecar = injectionView(
        pod,
        namespaceMesh(pod.namespace),
      ).sidecarExpected;
    out.push(pod);
  }
  return out;
}
