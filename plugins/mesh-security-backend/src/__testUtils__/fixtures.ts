/** Small report fixtures for unit tests: only what a view reads, defaults for the rest. */
import type { Entity } from '@backstage/catalog-model';
import type {
  Finding,
  KubeObject,
  MeshReport,
  ServiceTls,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import type { MeshSnapshot } from '../snapshot/types';

export function workload(
  ref: string,
  overrides: Partial<WorkloadPosture> = {},
): WorkloadPosture {
  const [namespace, name] = ref.split('/');
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
        level: 'mesh',
        policy: 'istio-system/default',
        mode: 'STRICT',
        effective: 'STRICT',
      },
    ],
    pods: [`${name}-abc`],
    mixedPods: false,
    labels: { app: name, 'backstage.io/kubernetes-id': name },
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

export function service(ref: string, workloads: string[]): ServiceTls {
  const [namespace, name] = ref.split('/');
  return {
    service: ref,
    host: `${name}.${namespace}.svc.cluster.local`,
    ports: [{ port: 80, targetPort: 8080, name: 'http' }],
    workloads,
    clients: [],
  };
}

export function finding(
  rule: Finding['rule'],
  severity: Finding['severity'],
  subject: string,
  extra: Partial<Finding> = {},
): Finding {
  return { rule, severity, subject, reason: `${rule} on ${subject}`, ...extra };
}

export function report(
  workloads: WorkloadPosture[],
  findings: Finding[] = [],
  extra: Partial<MeshReport> = {},
): MeshReport {
  const byNamespace: MeshReport['coverage']['byNamespace'] = {};
  for (const w of workloads) {
    const c = (byNamespace[w.namespace] ??= {
      workloads: 0,
      meshed: 0,
      strict: 0,
    });
    c.workloads++;
    if (w.inMesh) c.meshed++;
    if (w.mtlsMode === 'STRICT') c.strict++;
  }
  return {
    evaluatedAt: '2025-06-01T00:00:00.000Z',
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
    services: workloads.flatMap(w =>
      w.services.map(s => service(s, [`${w.namespace}/${w.name}`])),
    ),
    findings,
    coverage: {
      workloads: workloads.length,
      meshed: workloads.filter(w => w.inMesh).length,
      strict: workloads.filter(w => w.mtlsMode === 'STRICT').length,
      byNamespace,
    },
    warnings: [],
    ...extra,
  };
}

export function snapshot(
  clusters: Record<string, MeshReport>,
  generatedAt = '2025-06-01T00:00:00.000Z',
): MeshSnapshot {
  return {
    generatedAt,
    sources: Object.keys(clusters).map(c => ({
      name: `kubernetes:${c}`,
      kind: 'kubernetes' as const,
      state: 'ok' as const,
      lastSuccessAt: generatedAt,
    })),
    clusters: Object.entries(clusters).map(([cluster, r]) => ({
      cluster,
      source: 'kubernetes',
      status: {
        name: `kubernetes:${cluster}`,
        kind: 'kubernetes' as const,
        state: 'ok' as const,
        lastSuccessAt: generatedAt,
      },
      report: r,
    })),
  };
}

export function component(
  name: string,
  annotations: Record<string, string> = { 'backstage.io/kubernetes-id': name },
  owner = 'group:default/commerce-team',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

export function group(name: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', ...(title && { title }) },
    spec: { type: 'team', children: [] },
  };
}

/** Pods whose labels the engine keeps: ~100 MB once parsed, more than a small worker heap allows. */
export function heavyPods(count = 50_000): KubeObject[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${i}`,
      namespace: 'ns',
      labels: { app: `app-${i}`, note: `${i}`.padEnd(2000, 'x') },
    },
    spec: { containers: [{ name: 'app' }] },
  }));
}
