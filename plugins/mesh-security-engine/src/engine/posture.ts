import type {
  Dataplane,
  MtlsMode,
} from '@mesh-security/plugin-mesh-security-common';
import {
  injectionView,
  podDataplane,
  type InjectionView,
  type NamespaceMesh,
} from './dataplane';
import type { PodRecord } from './inventory';
import type { Composition, Mode, PeerAuthIndex } from './peerAuthentication';

/** Everything the engine concludes about one pod. */
export interface PodPosture {
  pod: PodRecord;
  workloadKey: string;
  dataplane: Dataplane;
  /** null for pods without proxy */
  composition: Composition | null;
  mtlsMode: MtlsMode;
  /** ambient only: what the policy says when ztunnel does something else */
  declaredMode?: MtlsMode;
  injection: InjectionView;
  /** container ports and resolved Service targetPorts */
  servedPorts: number[];
  /** `namespace/name` of Services selecting the pod */
  services: string[];
}

/** ztunnel has no DISABLE: plaintext is simply allowed (docs/semantics.md §3). */
function ambientMode(mode: Mode): MtlsMode {
  return mode === 'DISABLE' ? 'PERMISSIVE' : mode;
}

export function podPosture(
  pod: PodRecord,
  workloadKey: string,
  ns: NamespaceMesh,
  peerAuth: PeerAuthIndex,
  servedPorts: number[],
  services: string[],
): PodPosture {
  const dataplane = podDataplane(pod, ns);
  const injection = injectionView(pod, ns);
  if (dataplane === 'none') {
    return {
      pod,
      workloadKey,
      dataplane,
      composition: null,
      mtlsMode: 'NONE',
      injection,
      servedPorts,
      services,
    };
  }
  const composition = peerAuth.compose(pod.namespace, pod.labels);
  const mtlsMode =
    dataplane === 'ambient' ? ambientMode(composition.mode) : composition.mode;
  const posture: PodPosture = {
    pod,
    workloadKey,
    dataplane,
    composition,
    mtlsMode,
    injection,
    servedPorts,
    services,
  };
  if (mtlsMode !== composition.mode) posture.declaredMode = composition.mode;
  return posture;
}

/** Effective inbound mode of a pod on one target port. */
export function portMode(p: PodPosture, port: number): MtlsMode {
  if (!p.composition) return 'NONE';
  const mode = p.composition.ports.get(port) ?? p.composition.mode;
  return p.dataplane === 'ambient' ? ambientMode(mode) : mode;
}

/** Served target ports whose mode differs from the pod's mode. */
export function portExceptions(p: PodPosture): Map<number, MtlsMode> {
  const out = new Map<number, MtlsMode>();
  if (!p.composition) return out;
  for (const port of p.composition.ports.keys()) {
    if (!p.servedPorts.includes(port)) continue; // a key for a port nobody serves does nothing
    const mode = portMode(p, port);
    if (mode !== p.mtlsMode) out.set(port, mode);
  }
  return out;
}

export const MODE_STRENGTH: Record<MtlsMode, number> = {
  NONE: 0,
  DISABLE: 1,
  PERMISSIVE: 2,
  STRICT: 3,
};

/** The pod that best represents a workload's exposure: the weakest one (ties by name). */
export function weakest(pods: PodPosture[]): PodPosture {
  let best = pods[0];
  for (const p of pods) {
    const a = MODE_STRENGTH[p.mtlsMode];
    const b = MODE_STRENGTH[best.mtlsMode];
    if (a < b || (a === b && p.pod.name < best.pod.name)) best = p;
  }
  return best;
}

export function acceptsPlaintext(mode: MtlsMode): boolean {
  return mode !== 'STRICT';
}
