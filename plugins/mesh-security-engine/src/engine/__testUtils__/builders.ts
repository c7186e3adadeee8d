/**
 * Small builders for Kubernetes and Istio objects, so engine tests read like
 * the cluster they describe. Defaults are what a real cluster would hold.
 */
import type {
  KubeObject,
  MeshReport,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '../evaluate';
import type { EngineOptions } from '../types';

export const NOW = new Date('2026-08-03T09:00:00Z');

type Labels = Record<string, string>;
type Mode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

export function namespace(name: string, labels: Labels = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface PodOptions {
  labels?: Labels;
  annotations?: Labels;
  /** true: istio-proxy container (default false); 'native': initContainer with restartPolicy Always */
  sidecar?: boolean | 'native';
  ports?: Array<number | { port: number; name: string }>;
  owner?: { kind: string; name: string };
  hostNetwork?: boolean;
  serviceAccount?: string;
  phase?: string;
}

export function pod(ns: string, name: string, o: PodOptions = {}): KubeObject {
  const labels = { ...(o.labels ?? {}) };
  const annotations = { ...(o.annotations ?? {}) };
  const containers: any[] = [
    {
      name: 'app',
      image: 'example/app:1',
      ports: (o.ports ?? [8080]).map(p =>
        typeof p === 'number'
          ? { containerPort: p }
          : { containerPort: p.port, name: p.name },
      ),
    },
  ];
  const initContainers: any[] = [];
  if (o.sidecar === true) {
    containers.push({
      name: 'istio-proxy',
      image: 'istio/proxyv2',
      ports: [{ containerPort: 15090, name: 'http-envoy-prom' }],
    });
  } else if (o.sidecar === 'native') {
    initContainers.push({
      name: 'istio-proxy',
      image: 'istio/proxyv2',
      restartPolicy: 'Always',
    });
  }
  if (o.sidecar) {
    labels['security.istio.io/tlsMode'] ??= 'istio';
    annotations['sidecar.istio.io/status'] ??= '{"containers":["istio-proxy"]}';
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels,
      annotations,
      ...(o.owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: o.owner.kind,
                name: o.owner.name,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      containers,
      ...(initContainers.length ? { initContainers } : {}),
      ...(o.hostNetwork ? { hostNetwork: true } : {}),
      serviceAccountName: o.serviceAccount ?? 'default',
    },
    status: { phase: o.phase ?? 'Running' },
  };
}

/**
 * A Deployment as a cluster dump shows it: the ReplicaSet (owned by the
 * Deployment) and `replicas` pods labelled app=<name> with a pod-template-hash.
 */
export function deployment(
  ns: string,
  name: string,
  o: PodOptions & { replicas?: number; withReplicaSet?: boolean } = {},
): KubeObject[] {
  const hash = '5d8f7c9b4';
  const rs = `${name}-${hash}`;
  const labels = { app: name, ...(o.labels ?? {}), 'pod-template-hash': hash };
  const out: KubeObject[] = [];
  if (o.withReplicaSet !== false) {
    out.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rs,
        namespace: ns,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name, controller: true },
        ],
      },
      spec: {},
    });
  }
  const suffixes = ['x7k2p', 'm4q8z', 'b9w3d', 'r2t6v'];
  for (let i = 0; i < (o.replicas ?? 1); i++) {
    out.push(
      pod(ns, `${rs}-${suffixes[i % 4]}${i >= 4 ? i : ''}`, {
        serviceAccount: name,
        ...o,
        labels,
        owner: { kind: 'ReplicaSet', name: rs },
      }),
    );
  }
  return out;
}

export interface ServicePortSpec {
  port: number;
  targetPort?: number | string;
  name?: string;
  appProtocol?: string;
}

export function service(
  ns: string,
  name: string,
  selector: Labels | null,
  ports: ServicePortSpec[] = [{ port: 80, targetPort: 8080, name: 'http' }],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { ...(selector ? { selector } : {}), ports },
  };
}

export function serviceAccount(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns },
  };
}

/** `created` is minutes after a fixed epoch, to order policies. */
function created(minutes = 0): string {
  return new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString();
}

export function peerAuthentication(
  ns: string,
  name: string,
  o: {
    mode?: Mode;
    selector?: Labels;
    portLevel?: Record<number, Mode>;
    created?: number;
    apiVersion?: string;
  } = {},
): KubeObject {
  const spec: Record<string, unknown> = {};
  if (o.selector) spec.selector = { matchLabels: o.selector };
  if (o.mode) spec.mtls = { mode: o.mode };
  if (o.portLevel) {
    spec.portLevelMtls = Object.fromEntries(
      Object.entries(o.portLevel).map(([p, m]) => [p, { mode: m }]),
    );
  }
  return {
    apiVersion: o.apiVersion ?? 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name, namespace: ns, creationTimestamp: created(o.created) },
    spec,
  };
}

export function destinationRule(
  ns: string,
  name: string,
  host: string,
  o: {
    tls?: string;
    portLevel?: Array<{ port: number; tls: string }>;
    subsets?: Array<{ name: string; labels?: Labels; tls?: string }>;
    exportTo?: string[];
    created?: number;
    trafficPolicy?: Record<string, unknown>;
  } = {},
): KubeObject {
  const trafficPolicy: Record<string, unknown> = { ...(o.trafficPolicy ?? {}) };
  if (o.tls) trafficPolicy.tls = { mode: o.tls };
  if (o.portLevel)
    trafficPolicy.portLevelSettings = o.portLevel.map(p => ({
      port: { number: p.port },
      tls: { mode: p.tls },
    }));
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace: ns, creationTimestamp: created(o.created) },
    spec: {
      host,
      ...(Object.keys(trafficPolicy).length ? { trafficPolicy } : {}),
      ...(o.subsets
        ? {
            subsets: o.subsets.map(s => ({
              name: s.name,
              labels: s.labels ?? {},
              ...(s.tls ? { trafficPolicy: { tls: { mode: s.tls } } } : {}),
            })),
          }
        : {}),
      ...(o.exportTo ? { exportTo: o.exportTo } : {}),
    },
  };
}

export function authorizationPolicy(
  ns: string,
  name: string,
  spec: Record<string, unknown>,
  o: { dryRun?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name,
      namespace: ns,
      ...(o.dryRun ? { annotations: { 'istio.io/dry-run': 'true' } } : {}),
    },
    spec,
  };
}

export function meshConfig(
  mesh: string | Record<string, unknown>,
  ns = 'istio-system',
): KubeObject {
  const text =
    typeof mesh === 'string'
      ? mesh
      : Object.entries(mesh)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
          .join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'istio', namespace: ns },
    data: { mesh: text },
  };
}

export function rootCertConfigMap(ns: string, pem: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'istio-ca-root-cert',
      namespace: ns,
      labels: { 'istio.io/config': 'true' },
    },
    data: { 'root-cert.pem': pem },
  };
}

/** Objects, or (nested) arrays of them as the builders return. */
export type Objects = KubeObject | Objects[];

export function evaluate(
  objects: Objects[],
  options?: EngineOptions,
  now = NOW,
): MeshReport {
  return evaluateMesh({
    objects: objects.flat(Infinity as 1) as KubeObject[],
    now,
    options,
  });
}

export function findings(report: MeshReport, rule: string) {
  return report.findings.filter(f => f.rule === rule);
}

export interface ControllerOptions {
  labels?: Labels;
  annotations?: Labels;
  /** template already carries an istio-proxy container */
  sidecar?: boolean;
  ports?: number[];
  serviceAccount?: string;
  hostNetwork?: boolean;
  /** metadata.namespace left out (kubectl apply puts it in `default`) */
  noNamespace?: boolean;
}

/**
 * A controller as a GitOps folder holds it: a Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, Job or CronJob with its pod template and no Pods.
 */
export function controller(
  kind:
    | 'Deployment'
    | 'StatefulSet'
    | 'DaemonSet'
    | 'ReplicaSet'
    | 'Job'
    | 'CronJob',
  ns: string,
  name: string,
  o: ControllerOptions = {},
): KubeObject {
  const template = {
    metadata: {
      labels: { app: name, ...(o.labels ?? {}) },
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      ...(o.serviceAccount ? { serviceAccountName: o.serviceAccount } : {}),
      ...(o.hostNetwork ? { hostNetwork: true } : {}),
      containers: [
        {
          name: 'app',
          image: 'example/app:1',
          ports: (o.ports ?? [8080]).map(p => ({ containerPort: p })),
        },
        ...(o.sidecar ? [{ name: 'istio-proxy', image: 'istio/proxyv2' }] : []),
      ],
    },
  };
  const batch = kind === 'Job' || kind === 'CronJob';
  return {
    apiVersion: batch ? 'batch/v1' : 'apps/v1',
    kind,
    metadata: { name, ...(o.noNamespace ? {} : { namespace: ns }) },
    spec:
      kind === 'CronJob'
        ? { schedule: '0 * * * *', jobTemplate: { spec: { template } } }
        : { selector: { matchLabels: { app: name } }, template },
  };
}
