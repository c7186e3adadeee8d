import type { MeshAssumptions } from '@mesh-security/plugin-mesh-security-common';
import type { WorkloadModel } from './context';
import { outboundGrants } from './outboundGrants';
import { localTrustDomains } from './traffic/principals';

/** Sets each workload's `mayCall`: the reverse of the authorization, the rules that name it. */
export function attachMayCall(
  workloads: Map<string, WorkloadModel>,
  assumptions: MeshAssumptions,
): void {
  const outbound = outboundGrants(
    [...workloads].map(([key, w]) => [key, w.posture] as const),
    assumptions.trustDomain,
    localTrustDomains(assumptions),
  );
  for (const [key, grants] of outbound.grants) {
    const posture = workloads.get(key)!.posture;
    posture.mayCall = grants;
    const omitted = outbound.omitted.get(key);
    if (omitted) posture.mayCallOmitted = omitted;
  }
}
