import type {
  MeshAssumptions,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import type { AuthorizationIndex, AuthzPolicyRecord } from './authorization';
import type { SelectedService } from './clientTls';
import type { NamespaceMesh } from './dataplane';
import type { Inventory } from './inventory';
import type { PeerAuthIndex, PeerAuthPolicy } from './peerAuthentication';
import type { PodPosture } from './posture';
import type { LabelIndex } from './selectors';

export interface WorkloadModel {
  posture: WorkloadPosture;
  pods: PodPosture[];
  /** the weakest pod, whose posture the workload reports */
  representative: PodPosture;
  /** target port → true when some Service port reaching it speaks HTTP (Istio protocol selection) */
  servicePorts: Map<number, boolean>;
}

/** What the findings read: the inventory plus every intermediate result, computed once. */
export interface EngineContext {
  now: Date;
  assumptions: MeshAssumptions;
  controlPlaneNamespace: string;
  inventory: Inventory;
  namespaceMesh(namespace: string): NamespaceMesh;
  /** control-plane and root namespaces: not application workloads */
  isSystemNamespace(namespace: string): boolean;
  podsByNamespace: Map<string, LabelIndex<PodPosture['pod']>>;
  postureOf: Map<PodPosture['pod'], PodPosture>;
  workloads: Map<string, WorkloadModel>;
  services: SelectedService[];
  servicesByKey: Map<string, SelectedService>;
  peerAuth: PeerAuthIndex;
  peerAuthPolicies: PeerAuthPolicy[];
  authz: AuthorizationIndex;
  authzPolicies: AuthzPolicyRecord[];
  /** policy key → in-mesh workloads it applies to */
  authzInMesh: Map<string, Set<string>>;
  /** a selector for a workload's pods that selects no other workload of its namespace */
  selectorFor(workloadKey: string): Record<string, string>;
  /** policy key → every workload (with or without proxy) it applies to */
  authzAll: Map<string, Set<string>>;
}
