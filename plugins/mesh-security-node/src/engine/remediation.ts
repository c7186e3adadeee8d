import { stringify } from 'yaml';
import type { Labels } from './values';

/** Labels that identify a workload's pods without pinning one rollout or one pod. */
const VOLATILE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'pod-template-generation',
  'security.istio.io/tlsMode',
  'service.istio.io/canonical-name',
  'service.istio.io/canonical-revision',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'job-name',
]);

/** A selector for a workload's pods: `app` when present (Istio's convention), else its stable labels. */
export function workloadSelector(labels: Labels): Labels {
  if (labels.app) return { app: labels.app };
  if (labels['app.kubernetes.io/name']) {
    const out: Labels = { 'app.kubernetes.io/name': labels['app.kubernetes.io/name'] };
    if (labels['app.kubernetes.io/instance']) out['app.kubernetes.io/instance'] = labels['app.kubernetes.io/instance'];
    return out;
  }
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels)) if (!VOLATILE_LABELS.has(k)) out[k] = v;
  return out;
}

function yaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0 });
}

export function peerAuthenticationManifest(args: {
  namespace: string;
  name: string;
  selector?: Labels;
  /** UNSET leaves `mtls` out (inherit) */
  mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';
  portLevelMtls?: Record<string, 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET'>;
}): string {
  const spec: Record<string, unknown> = {};
  if (args.selector && Object.keys(args.selector).length > 0) spec.selector = { matchLabels: args.selector };
  if (args.mode !== 'UNSET') spec.mtls = { mode: args.mode };
  if (args.portLevelMtls && Object.keys(args.portLevelMtls).length > 0) {
    spec.portLevelMtls = Object.fromEntries(Object.entries(args.portLevelMtls).map(([p, m]) => [p, { mode: m }]));
  }
  return yaml({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: args.name, namespace: args.namespace },
    spec,
  });
}

export function namespaceLabelPatch(namespace: string, labels: Record<string, string | null>): string {
  return yaml({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } });
}

/** A merge patch that restarts a controller's pods, so the injector sees them again. */
export function restartPatch(kind: string, namespace: string, name: string, now: Date): string {
  return (
    `# kubectl -n ${namespace} patch ${kind.toLowerCase()} ${name} --type merge --patch-file restart.yaml\n` +
    yaml({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } })
  );
}

/** A patch of the DestinationRule setting `tls.mode` at the path that decided it. */
export function destinationRuleTlsPatch(args: {
  namespace: string;
  name: string;
  host: string;
  path: string;
  port?: number;
  mode: 'ISTIO_MUTUAL' | 'DISABLE';
}): string {
  const tls = { mode: args.mode };
  const spec: Record<string, unknown> = { host: args.host };
  const subset = /subsets\[([^\]]+)\]/.exec(args.path)?.[1];
  const portLevel = args.path.includes('portLevelSettings') && args.port !== undefined;
  const policy = portLevel ? { portLevelSettings: [{ port: { number: args.port }, tls }] } : { tls };
  if (subset) spec.subsets = [{ name: subset, trafficPolicy: policy }];
  else spec.trafficPolicy = policy;
  return (
    `# set ${args.path} in DestinationRule ${args.namespace}/${args.name}\n` +
    yaml({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: args.name, namespace: args.namespace },
      spec,
    })
  );
}

export function destinationRuleManifest(args: { namespace: string; name: string; host: string; mode: 'ISTIO_MUTUAL' }): string {
  return yaml({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: args.name, namespace: args.namespace },
    spec: { host: args.host, trafficPolicy: { tls: { mode: args.mode } } },
  });
}

export function meshConfigPatch(namespace: string, mesh: Record<string, unknown>): string {
  return (
    `# merge into key "mesh" of ConfigMap ${namespace}/istio, then restart istiod\n` + yaml(mesh)
  );
}

export function joinManifests(docs: string[]): string {
  return docs.join('---\n');
}
