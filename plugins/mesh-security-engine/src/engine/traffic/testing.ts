// Hand-built report fragments and metrics for the traffic tests (not part of the engine).
import type {
  AuthzRuleSummary,
  AuthzSource,
  FlowSample,
  IdentitySample,
  MeshMetrics,
  MeshReport,
  ModeDecisionStep,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';

export function workload(
  key: string,
  overrides: Partial<WorkloadPosture> = {},
): WorkloadPosture {
  const [namespace, name] = key.split('/');
  const dataplane = overrides.dataplane ?? 'sidecar';
  return {
    namespace,
    name,
    kind: 'Deployment',
    inMesh: dataplane !== 'none',
    dataplane,
    mtlsMode: dataplane === 'none' ? 'NONE' : 'STRICT',
    decidedBy: null,
    decisionChain: [],
    pods: [`${name}-7d9f8b6c5d-abcde`],
    mixedPods: false,
    labels: { app: name, 'pod-template-hash': '7d9f8b6c5d' },
    serviceAccounts: [name],
    ports: [8080],
    services: [`${namespace}/${name}`],
    authorization: {
      policies: [],
      stance: 'no-policy',
      custom: [],
      deny: [],
      allow: [],
      audit: [],
    },
    ...overrides,
  };
}

export function report(
  workloads: WorkloadPosture[],
  assumptions: Partial<MeshReport['assumptions']> = {},
): MeshReport {
  return {
    evaluatedAt: '2026-08-03T09:00:00.000Z',
    assumptions: {
      rootNamespace: 'istio-system',
      enableAutoMtls: true,
      trustDomain: 'cluster.local',
      trustDomainAliases: [],
      meshConfigSource: 'istio-system',
      ...assumptions,
    },
    workloads: Object.fromEntries(
      workloads.map(w => [`${w.namespace}/${w.name}`, w]),
    ),
    services: [],
    findings: [],
    coverage: { workloads: 0, meshed: 0, strict: 0, byNamespace: {} },
    warnings: [],
  };
}

export function metrics(parts: Partial<MeshMetrics> = {}): MeshMetrics {
  return {
    collectedAt: '2026-08-03T09:00:00.000Z',
    window: '5m',
    longWindow: '24h',
    flows: [],
    latencies: [],
    identities: [],
    ...parts,
  };
}

/** `flow('shop/a', 'shop/b', 'destination', 'mutual_tls', 100, 1)` */
export function flow(
  source: string,
  destination: string,
  reporter: FlowSample['reporter'],
  security: FlowSample['security'],
  rate: number,
  errorRate = 0,
  protocol: FlowSample['protocol'] = 'http',
): FlowSample {
  const [sourceNamespace, sourceWorkload] = source.split('/');
  const [destinationNamespace, destinationWorkload] = destination.split('/');
  return {
    reporter,
    sourceNamespace,
    sourceWorkload,
    destinationNamespace,
    destinationWorkload,
    protocol,
    security,
    rate,
    errorRate,
  };
}

export function identity(
  destination: string,
  principal: string,
  count: number,
  security: IdentitySample['security'] = 'mutual_tls',
): IdentitySample {
  const [destinationNamespace, destinationWorkload] = destination.split('/');
  const m = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return {
    destinationNamespace,
    destinationWorkload,
    sourcePrincipal: principal,
    sourceNamespace: m?.[1] ?? 'unknown',
    sourceWorkload: m?.[2] ?? 'unknown',
    security,
    count,
  };
}

export function allowRule(
  policy: string,
  from: AuthzSource[],
  ruleIndex = 0,
): AuthzRuleSummary {
  return {
    policy,
    action: 'ALLOW',
    ruleIndex,
    from,
    to: [{ methods: ['GET'], paths: ['/api/*'] }],
    when: [],
    matchesEverything: false,
    dryRun: false,
  };
}

export function chain(
  ...steps: Array<
    [ModeDecisionStep['level'], string | null, ModeDecisionStep['mode']]
  >
): ModeDecisionStep[] {
  let effective: ModeDecisionStep['effective'] = 'PERMISSIVE';
  return steps.map(([level, policy, mode]) => {
    if (mode !== 'UNSET') effective = mode;
    return { level, policy, mode, effective };
  });
}
