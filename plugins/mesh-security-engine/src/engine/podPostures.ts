import type { NamespaceMesh } from './dataplane';
import type { PodRecord } from './inventory';
import type { PeerAuthIndex } from './peerAuthentication';
import { podPosture, type PodPosture } from './posture';

/** The effective mTLS of every pod, under the PeerAuthentications that select it. */
export function podPostures(
  podsByWorkload: Map<string, PodRecord[]>,
  namespaceMesh: (namespace: string) => NamespaceMesh,
  peerAuth: PeerAuthIndex,
): {
  postureOf: Map<PodRecord, PodPosture>;
  posturesByWorkload: Map<string, PodPosture[]>;
} {
  const postureOf = new Map<PodRecord, PodPosture>();
  const posturesByWorkload = new Map<string, PodPosture[]>();
  for (const [key, pods] of podsByWorkload) {
    const postures = pods.map(pod => {
      const posture = podPosture(
        pod,
        key,
        namespaceMesh(pod.namespace),
        peerAuth,
        pod.servedPorts,
        pod.services,
      );
      postureOf.set(pod, posture);
      return posture;
    });
    posturesByWorkload.set(key, postures);
  }
  return { postureOf, posturesByWorkload };
}
