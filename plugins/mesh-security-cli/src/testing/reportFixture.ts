import type {
  Finding,
  MeshReport,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';

/** A hand-built report, so the formatters are tested without the engine. */
export function workload(
  namespace: string,
  name: string,
  overrides: Partial<WorkloadPosture> = {},
): WorkloadPosture {
  return {
    namespace,
    name,
    kind: 'Deployment',
    inMesh: true,
    dataplane: 'sidecar',
    mtlsMode: 'STRICT',
    decidedBy: 'istio-system/default',
    decisionChain: [],
    pods: [`${name}-7d9f-abcde`],
    mixedPods: false,
    labels: { app: name },
    serviceAccounts: [name],
    ports: [8080],
    services: [],
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
  findings: Finding[],
  workloads: WorkloadPosture[],
): MeshReport {
  return {
    evaluatedAt: '2026-11-27T09:00:00.000Z',
    assumptions: {
      rootNamespace: 'istio-system',
      enableAutoMtls: true,
      trustDomain: 'cluster.local',
      trustDomainAliases: [],
      meshConfigSource: null,
    },
    workloads: Object.fromEntries(
      workloads.map(w => [`${w.namespace}/${w.name}`, w]),
    ),
    services: [],
    findings,
    coverage: {
      workloads: workloads.length,
      meshed: workloads.filter(w => w.inMesh).length,
      strict: workloads.filter(w => w.mtlsMode === 'STRICT').length,
      byNamespace: {},
    },
    warnings: [],
  };
}
