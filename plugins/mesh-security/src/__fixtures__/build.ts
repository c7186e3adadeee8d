/**
 * Small builders for posture fixtures, so each scenario file states only what
 * differs from an ordinary meshed workload.
 */
import type {
  EntityPosture,
  EntitySummary,
  EntityWorkload,
  Finding,
  Severity,
  SourceStatus,
  TrafficFlow,
  WorkloadAuthorization,
} from '@mesh-security/plugin-mesh-security-common';
import { countBySeverity } from '@mesh-security/plugin-mesh-security-common';

/** The time every fixture was "generated" at. */
export const FIXTURE_GENERATED_AT = '2025-03-01T12:00:00.000Z';

export const DEMO_ASSUMPTIONS = {
  rootNamespace: 'istio-system',
  enableAutoMtls: true,
  trustDomain: 'cluster.local',
  trustDomainAliases: [],
  meshConfigSource: 'istio-system',
};

export const OK_SOURCES: SourceStatus[] = [
  {
    name: 'kubernetes:demo',
    kind: 'kubernetes',
    state: 'ok',
    lastSuccessAt: '2025-03-01T11:59:30.000Z',
  },
  {
    name: 'metrics-snapshot',
    kind: 'metrics-snapshot',
    state: 'ok',
    lastSuccessAt: '2025-03-01T11:59:30.000Z',
  },
];

export const NO_AUTHORIZATION: WorkloadAuthorization = {
  policies: [],
  stance: 'no-policy',
  custom: [],
  deny: [],
  allow: [],
  audit: [],
};

export { countBySeverity };

export function flow(
  direction: TrafficFlow['direction'],
  peer: string,
  rate: number,
  overrides: Partial<TrafficFlow> = {},
): TrafficFlow {
  return {
    direction,
    peer,
    protocol: 'http',
    rate,
    errorShare: 0.001,
    p50Ms: 10,
    p99Ms: 50,
    mtlsShare: 1,
    plaintext: false,
    health: 'OK',
    reporter: 'destination',
    ...overrides,
  };
}

export function sidecarWorkload(
  namespace: string,
  name: string,
  overrides: Partial<EntityWorkload> = {},
): EntityWorkload {
  return {
    namespace,
    name,
    kind: 'Deployment',
    inMesh: true,
    dataplane: 'sidecar',
    mtlsMode: 'STRICT',
    decidedBy: 'istio-system/default',
    decisionChain: [
      {
        level: 'default',
        policy: null,
        mode: 'UNSET',
        effective: 'PERMISSIVE',
      },
      {
        level: 'mesh',
        policy: 'istio-system/default',
        mode: 'STRICT',
        effective: 'STRICT',
      },
    ],
    pods: [`${name}-7c9f8d6b5-abcde`, `${name}-7c9f8d6b5-fghij`],
    mixedPods: false,
    labels: { app: name, 'backstage.io/kubernetes-id': name },
    serviceAccounts: [name],
    ports: [8080],
    services: [`${namespace}/${name}`],
    authorization: NO_AUTHORIZATION,
    // the engine gives meshed workloads a (possibly empty) list; workloads without a proxy none
    ...(overrides.inMesh === false ? {} : { mayCall: [] }),
    cluster: 'demo',
    ...overrides,
  };
}

function agreedMode(
  modes: Set<EntityWorkload['mtlsMode']>,
): EntitySummary['mtlsMode'] {
  if (modes.size === 0) return null;
  return modes.size > 1 ? 'MIXED' : [...modes][0];
}

/** Assembles a posture and derives its summary the way the backend does. */
export function posture(
  entityName: string,
  workloads: EntityWorkload[],
  findings: Finding[],
  summary: Partial<EntitySummary> = {},
): EntityPosture {
  const bySeverity = countBySeverity(findings);
  const worst =
    (['critical', 'high', 'medium', 'low', 'info'] as Severity[]).find(
      s => bySeverity[s] > 0,
    ) ?? null;
  const traffic = workloads[0]?.traffic;
  const modes = new Set(workloads.map(w => w.mtlsMode));
  return {
    entityRef: `component:default/${entityName}`,
    generatedAt: FIXTURE_GENERATED_AT,
    sources: OK_SOURCES,
    assumptions: { demo: DEMO_ASSUMPTIONS },
    workloads,
    services: workloads.map(w => ({
      service: `${w.namespace}/${w.name}`,
      host: `${w.name}.${w.namespace}.svc.cluster.local`,
      ports: [{ port: 80, targetPort: 8080, name: 'http' }],
      workloads: [`${w.namespace}/${w.name}`],
      clients: [],
      cluster: w.cluster,
    })),
    findings: findings.map(f => ({ ...f, cluster: 'demo' })),
    coverage: {
      workloads: workloads.length,
      meshed: workloads.filter(w => w.inMesh).length,
      strict: workloads.filter(w => w.mtlsMode === 'STRICT').length,
      mtlsTrafficShare: traffic?.mtlsShare ?? null,
    },
    summary: {
      mtlsMode: agreedMode(modes),
      meshed: workloads.length > 0 && workloads.every(w => w.inMesh),
      worstSeverity: worst,
      findingsBySeverity: bySeverity,
      rps: traffic?.rps ?? null,
      mtlsTrafficShare: traffic?.mtlsShare ?? null,
      health: traffic?.health ?? null,
      plaintextCallers: (traffic?.inbound ?? ([] as TrafficFlow[]))
        .filter(f => f.plaintext)
        .map(f => f.peer),
      hasAuthorizationPolicy: workloads.some(
        w => w.authorization.policies.length > 0,
      ),
      strictReady: findings.some(f => f.rule === 'strict-ready'),
      ...summary,
    },
  };
}
