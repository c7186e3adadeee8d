import type {
  KubeObject,
  MeshReport,
  SimulationResult,
} from '@mesh-security/plugin-mesh-security-common';
import type { EngineInput } from '../engine/types';
import { workloadSelector, yaml } from '../engine/remediation';
import { observedCallers } from '../engine/traffic/observedCallers';
import { simulateChange } from './simulate';

/** A least-privilege AuthorizationPolicy for one workload, checked against the observed traffic. @public */
export interface AuthorizationProposal {
  workload: string;
  policy: KubeObject;
  yaml: string;
  /** principals named one by one */
  principals: string[];
  /** namespaces granted whole: every workload of them was seen calling */
  namespaces: string[];
  /** callers without an identity: no ALLOW rule by identity can admit them */
  unauthenticatedCallers: string[];
  /** "breaks nothing observed" when `simulation.breaking.flows` is 0 */
  simulation: SimulationResult;
}

/**
 * ALLOW by the principals observed calling the workload over the long window;
 * a namespace all of whose in-mesh workloads were seen calling is granted as a
 * namespace. The proposal is then simulated like any change, so it is shown
 * with the observed flows it would break (plaintext callers, at least).
 * @public
 */
export function proposeAuthorization(
  input: EngineInput & { current?: MeshReport },
  workloadKey: string,
): AuthorizationProposal {
  if (!input.metrics)
    throw new Error(
      'a least-privilege proposal needs metrics (observed callers)',
    );
  const report = input.current ?? simulateBaseline(input);
  const workload = report.workloads[workloadKey];
  if (!workload) throw new Error(`no workload ${workloadKey}`);

  const callers = observedCallers(input.metrics).get(workloadKey) ?? [];
  const byNamespace = new Map<string, Set<string>>();
  const unauthenticated = new Set<string>();
  for (const c of callers) {
    if (!c.principal) {
      unauthenticated.add(c.workload);
      continue;
    }
    const set = byNamespace.get(c.principal.namespace) ?? new Set<string>();
    set.add(c.workload);
    byNamespace.set(c.principal.namespace, set);
  }
  const principals: string[] = [];
  const namespaces: string[] = [];
  for (const [ns, seen] of [...byNamespace].sort((a, b) =>
    a[0].localeCompare(b[0]),
  )) {
    const meshed = Object.values(report.workloads).filter(
      w => w.namespace === ns && w.inMesh,
    );
    const whole =
      meshed.length > 1 && meshed.every(w => seen.has(`${ns}/${w.name}`));
    if (whole) namespaces.push(ns);
    else
      principals.push(
        ...callers
          .filter(c => c.principal?.namespace === ns)
          .map(c => c.principal!.text),
      );
  }
  const from: Array<Record<string, unknown>> = [];
  if (principals.length > 0)
    from.push({ source: { principals: [...new Set(principals)].sort() } });
  if (namespaces.length > 0) from.push({ source: { namespaces } });

  const policy: KubeObject = {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: `${workload.name}-least-privilege`,
      namespace: workload.namespace,
    },
    spec: {
      action: 'ALLOW',
      selector: { matchLabels: workloadSelector(workload.labels) },
      // with no caller seen, an empty rule list denies everything: say so by simulating it
      rules: from.length > 0 ? [{ from }] : [],
    },
  };
  const { result } = simulateChange({
    ...input,
    current: report,
    change: { apply: [policy], delete: [] },
  });
  return {
    workload: workloadKey,
    policy,
    yaml: yaml(policy as unknown as Record<string, unknown>),
    principals: [...new Set(principals)].sort(),
    namespaces,
    unauthenticatedCallers: [...unauthenticated].sort(),
    simulation: result,
  };
}

function simulateBaseline(input: EngineInput): MeshReport {
  return simulateChange({ ...input, change: { apply: [], delete: [] } }).after;
}
