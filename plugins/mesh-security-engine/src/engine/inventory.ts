import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';
import {
  asArray,
  asDict,
  asLabels,
  asPort,
  asString,
  asStrings,
  creationMs,
  isEmpty,
  readSelector,
  type Dict,
  type Labels,
} from './values';

/** A Pod reduced to what the engine reads. */
export interface PodRecord {
  namespace: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  hostNetwork: boolean;
  serviceAccount: string;
  containerPorts: Array<{ port: number; name?: string }>;
  /** container `istio-proxy`, or a native sidecar initContainer `istio-proxy`, injected (image not `auto`) */
  hasSidecar: boolean;
  /** the proxy is a gateway (router): its listeners come from Gateway servers, not PeerAuthentication */
  gateway: boolean;
  ownerRef: { kind: string; name: string } | null;
  /**
   * Stands for a controller's pod template (no Pod of it is in the input): its
   * `name` is the controller's, and the injector's work is anticipated.
   */
  declared: boolean;
  /** container ports, then the resolved targetPorts of Services selecting the pod (filled by the engine) */
  servedPorts: number[];
  /** `namespace/name` of Services selecting the pod (filled by the engine) */
  services: string[];
}

export interface ServicePortRecord {
  port: number;
  targetPort: number | string;
  name?: string;
  appProtocol?: string;
}

export interface ServiceRecord {
  namespace: string;
  name: string;
  selector: Labels;
  ports: ServicePortRecord[];
}

/** A namespaced Istio or ConfigMap object, metadata checked. */
export interface NamespacedObject {
  namespace: string;
  name: string;
  created: number;
  labels: Labels;
  annotations: Labels;
  spec: Dict;
  data: Dict;
}

/** A controller with a pod template: a workload even when none of its Pods is in the input. */
export interface TemplateRecord {
  kind: string;
  namespace: string;
  name: string;
  /** the template read as a Pod of this controller */
  pod: PodRecord;
}

export interface Inventory {
  /** labels of Namespace objects */
  namespaceLabels: Map<string, Labels>;
  /** Namespace objects plus every namespace some object lives in */
  knownNamespaces: Set<string>;
  pods: PodRecord[];
  /** controllers that own no one: judged from their templates when none of their Pods is in the input */
  templates: TemplateRecord[];
  /** `ReplicaSet/ns/name` or `Job/ns/name` → its controller, null when it has none */
  controllers: Map<string, { kind: string; name: string } | null>;
  services: ServiceRecord[];
  /** `ns/name` of ServiceAccount objects and of pods' serviceAccountName */
  serviceAccounts: Set<string>;
  peerAuthentications: NamespacedObject[];
  destinationRules: NamespacedObject[];
  authorizationPolicies: NamespacedObject[];
  /** ConfigMaps named `istio` or `istio-ca-root-cert` */
  configMaps: NamespacedObject[];
  warnings: string[];
}

const CONFIG_MAPS = new Set(['istio', 'istio-ca-root-cert']);
/** set on the pods of a Gateway API gateway Istio deploys */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
/** `gateway`: the injector builds a router proxy, not a sidecar */
const INJECT_TEMPLATES = 'inject.istio.io/templates';

function group(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The API group a kind must come from; objects of the same kind from another group are not ours. */
const KIND_GROUPS: Record<string, string> = {
  Namespace: '',
  Pod: '',
  Service: '',
  ServiceAccount: '',
  ConfigMap: '',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  PeerAuthentication: 'security.istio.io',
  AuthorizationPolicy: 'security.istio.io',
  DestinationRule: 'networking.istio.io',
};

function describe(obj: unknown, index: number): string {
  const dict = asDict(obj);
  const kind = asString(dict?.kind) ?? 'object';
  const meta = asDict(dict?.metadata);
  const name = asString(meta?.name);
  const ns = asString(meta?.namespace);
  return name ? `${kind} ${ns ? `${ns}/` : ''}${name}` : `${kind} #${index}`;
}

/**
 * One pass over the objects, sorting them by kind into typed records. Objects
 * that cannot be read are skipped with a warning; unknown kinds are ignored.
 * A namespaced object without `metadata.namespace` lands in `default`, as
 * `kubectl apply` would put it.
 */
export function buildInventory(objects: readonly KubeObject[]): Inventory {
  const inv: Inventory = {
    namespaceLabels: new Map(),
    knownNamespaces: new Set(),
    pods: [],
    templates: [],
    controllers: new Map(),
    services: [],
    serviceAccounts: new Set(),
    peerAuthentications: [],
    destinationRules: [],
    authorizationPolicies: [],
    configMaps: [],
    warnings: [],
  };
  const warn = (obj: unknown, index: number, why: string) =>
    inv.warnings.push(`${describe(obj, index)} skipped: ${why}`);

  const visit = (raw: unknown, index: number) => {
    const obj = asDict(raw);
    if (!obj) {
      warn(raw, index, 'not an object');
      return;
    }
    const kind = asString(obj.kind);
    if (!kind) {
      warn(raw, index, 'no kind');
      return;
    }
    if (kind.endsWith('List') && Array.isArray(obj.items)) {
      obj.items.forEach((item, i) => visit(item, i));
      return;
    }
    const expectedGroup = KIND_GROUPS[kind];
    if (expectedGroup === undefined) return;
    const g = group(obj.apiVersion);
    if (g !== undefined && g !== expectedGroup) return;

    const meta = asDict(obj.metadata);
    const name = asString(meta?.name);
    if (!meta || !name) {
      warn(raw, index, 'no metadata.name');
      return;
    }
    if (kind === 'Namespace') {
      inv.namespaceLabels.set(name, asLabels(meta.labels));
      inv.knownNamespaces.add(name);
      return;
    }
    const namespace = asString(meta.namespace) || 'default';
    inv.knownNamespaces.add(namespace);
    const labels = asLabels(meta.labels);
    const annotations = asLabels(meta.annotations);
    const spec = asDict(obj.spec);

    switch (kind) {
      case 'Pod': {
        if (!spec) {
          warn(raw, index, 'no spec');
          return;
        }
        // Finished pods (completed Jobs, evicted pods) serve nothing.
        const phase = asString(asDict(obj.status)?.phase);
        if (phase === 'Succeeded' || phase === 'Failed') return;
        const pod = readPod(namespace, name, labels, annotations, spec, {
          ownerRef: controllerOf(meta),
          declared: false,
        });
        inv.pods.push(pod);
        inv.serviceAccounts.add(`${namespace}/${pod.serviceAccount}`);
        return;
      }
      case 'ReplicaSet':
      case 'Job': {
        const owner = controllerOf(meta);
        inv.controllers.set(`${kind}/${namespace}/${name}`, owner);
        // an owned ReplicaSet or Job is a step of its owner's rollout, not a workload
        if (owner || (kind === 'Job' && jobFinished(obj))) return;
        addTemplate(
          inv,
          kind,
          namespace,
          name,
          spec?.template,
          warn,
          raw,
          index,
        );
        return;
      }
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
        addTemplate(
          inv,
          kind,
          namespace,
          name,
          spec?.template,
          warn,
          raw,
          index,
        );
        return;
      case 'CronJob':
        addTemplate(
          inv,
          kind,
          namespace,
          name,
          asDict(asDict(spec?.jobTemplate)?.spec)?.template,
          warn,
          raw,
          index,
        );
        return;
      case 'Service': {
        const selector =
          readSelector(spec?.selector, 'map', why => warn(raw, index, why)) ??
          {};
        // Selector-less Services (manual Endpoints, ExternalName) have no pods we can reason about.
        if (isEmpty(selector)) return;
        inv.services.push({
          namespace,
          name,
          selector,
          ports: readServicePorts(spec?.ports),
        });
        return;
      }
      case 'ServiceAccount':
        inv.serviceAccounts.add(`${namespace}/${name}`);
        return;
      default: {
        const record: NamespacedObject = {
          namespace,
          name,
          created: creationMs(meta.creationTimestamp),
          labels,
          annotations,
          spec: spec ?? {},
          data: asDict(obj.data) ?? {},
        };
        if (kind === 'ConfigMap') {
          if (CONFIG_MAPS.has(name)) inv.configMaps.push(record);
        } else if (kind === 'PeerAuthentication')
          inv.peerAuthentications.push(record);
        else if (kind === 'DestinationRule') inv.destinationRules.push(record);
        else if (kind === 'AuthorizationPolicy')
          inv.authorizationPolicies.push(record);
      }
    }
  };
  objects.forEach(visit);
  return inv;
}

function controllerOf(meta: Dict): { kind: string; name: string } | null {
  const refs = asArray(meta.ownerReferences)
    .map(asDict)
    .filter((r): r is Dict => !!r);
  const ref = refs.find(r => r.controller === true) ?? refs[0];
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  return kind && name ? { kind, name } : null;
}

/** A Job that has run to its end serves nothing, like its Succeeded or Failed pods. */
function jobFinished(obj: Dict): boolean {
  return asArray(asDict(obj.status)?.conditions).some(c => {
    const cond = asDict(c);
    return (
      (cond?.type === 'Complete' || cond?.type === 'Failed') &&
      cond.status === 'True'
    );
  });
}

function addTemplate(
  inv: Inventory,
  kind: string,
  namespace: string,
  name: string,
  rawTemplate: unknown,
  warn: (obj: unknown, index: number, why: string) => void,
  raw: unknown,
  index: number,
): void {
  const template = asDict(rawTemplate);
  const spec = asDict(template?.spec);
  if (!spec) {
    warn(raw, index, 'no pod template');
    return;
  }
  const meta = asDict(template?.metadata);
  const pod = readPod(
    namespace,
    name,
    asLabels(meta?.labels),
    asLabels(meta?.annotations),
    spec,
    { ownerRef: { kind, name }, declared: true },
  );
  inv.templates.push({ kind, namespace, name, pod });
  inv.serviceAccounts.add(`${namespace}/${pod.serviceAccount}`);
}

function readPod(
  namespace: string,
  name: string,
  labels: Labels,
  annotations: Labels,
  spec: Dict,
  origin: Pick<PodRecord, 'ownerRef' | 'declared'>,
): PodRecord {
  const containerPorts: PodRecord['containerPorts'] = [];
  let hasSidecar = false;
  let router = false;
  for (const c of asArray(spec.containers)) {
    const container = asDict(c);
    if (!container) continue;
    if (container.name === 'istio-proxy') {
      // `image: auto` is the injector's placeholder: still there, nothing was injected
      if (container.image !== 'auto') hasSidecar = true;
      if (asStrings(container.args).includes('router')) router = true;
      continue; // the proxy's own ports (15090…) are not the application's
    }
    for (const p of asArray(container.ports)) {
      const port = asDict(p);
      const number = asPort(port?.containerPort);
      if (number)
        containerPorts.push({ port: number, name: asString(port?.name) });
    }
  }
  for (const c of asArray(spec.initContainers)) {
    const container = asDict(c);
    if (
      container?.name === 'istio-proxy' &&
      container.restartPolicy === 'Always' &&
      container.image !== 'auto'
    )
      hasSidecar = true;
  }
  return {
    namespace,
    name,
    labels,
    annotations,
    hostNetwork: spec.hostNetwork === true,
    serviceAccount:
      asString(spec.serviceAccountName) ||
      asString(spec.serviceAccount) ||
      'default',
    // exact copies: pushed-to arrays keep 17 slots at least, for every pod
    containerPorts: containerPorts.slice(),
    hasSidecar,
    gateway:
      router ||
      labels[GATEWAY_NAME_LABEL] !== undefined ||
      (annotations[INJECT_TEMPLATES] ?? '').split(',').includes('gateway'),
    ownerRef: origin.ownerRef,
    declared: origin.declared,
    servedPorts: containerPorts.map(c => c.port),
    services: [],
  };
}

function readServicePorts(value: unknown): ServicePortRecord[] {
  const out: ServicePortRecord[] = [];
  for (const p of asArray(value)) {
    const port = asDict(p);
    const number = asPort(port?.port);
    if (!port || !number) continue;
    const target = port.targetPort;
    const targetPort =
      asPort(target) ??
      (typeof target === 'string' && target !== '' ? target : number);
    out.push({
      port: number,
      targetPort,
      name: asString(port.name),
      appProtocol: asString(port.appProtocol),
    });
  }
  // an exact copy: every Service keeps its list, push leaves 17 slots at least
  return out.slice();
}
