import { matchesLabels } from './selectors';
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

/**
 * A selector for a workload's pods: `app` when present (Istio's convention),
 * else `app.kubernetes.io/name` (+ instance), else all its stable labels; a
 * shorter one is skipped when it would also select one of `others` (the pod
 * labels of the namespace's other workloads). Exported so that generated
 * manifests elsewhere select pods exactly as the engine's remediations do.
 * @public
 */
export function workloadSelector(
  labels: Record<string, string>,
  others: Record<string, string>[] = [],
): Record<string, string> {
  const stable: Labels = {};
  for (const [k, v] of Object.entries(labels)) {
    if (!VOLATILE_LABELS.has(k)) stable[k] = v;
  }
  const candidates: Labels[] = [];
  if (labels.app) candidates.push({ app: labels.app });
  const name = labels['app.kubernetes.io/name'];
  if (name) {
    const instance = labels['app.kubernetes.io/instance'];
    candidates.push({
      'app.kubernetes.io/name': name,
      ...(instance ? { 'app.kubernetes.io/instance': instance } : {}),
    });
  }
  const unique = candidates.find(c => !others.some(o => matchesLabels(c, o)));
  return unique ?? stable;
}

/** Strings YAML reads back as the same string without quotes. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@-]*$/;
const AMBIGUOUS =
  /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  const s = String(value);
  return PLAIN.test(s) && !AMBIGUOUS.test(s) ? s : JSON.stringify(s);
}

function emit(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (
        item !== null &&
        typeof item === 'object' &&
        Object.keys(item).length > 0
      ) {
        const inner: string[] = [];
        emit(item, `${indent}  `, inner);
        out.push(`${indent}- ${inner[0].trimStart()}`, ...inner.slice(1));
      } else out.push(`${indent}- ${scalar(item)}`);
    }
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = scalar(k);
    if (
      v !== null &&
      typeof v === 'object' &&
      (Array.isArray(v) ? v.length : Object.keys(v).length) > 0
    ) {
      out.push(`${indent}${key}:`);
      emit(v, Array.isArray(v) ? indent : `${indent}  `, out);
    } else if (v !== null && typeof v === 'object') {
      out.push(`${indent}${key}: ${Array.isArray(v) ? '[]' : '{}'}`);
    } else out.push(`${indent}${key}: ${scalar(v)}`);
  }
}

/**
 * Block YAML for the small manifests below (maps, lists, scalars). Hand-rolled
 * because findings can carry thousands of them and a general YAML printer
 * dominated the engine's run time.
 */
export function yaml(doc: Record<string, unknown>): string {
  const out: string[] = [];
  emit(doc, '', out);
  return `${out.join('\n')}\n`;
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
  if (args.selector && Object.keys(args.selector).length > 0)
    spec.selector = { matchLabels: args.selector };
  if (args.mode !== 'UNSET') spec.mtls = { mode: args.mode };
  if (args.portLevelMtls && Object.keys(args.portLevelMtls).length > 0) {
    spec.portLevelMtls = Object.fromEntries(
      Object.entries(args.portLevelMtls).map(([p, m]) => [p, { mode: m }]),
    );
  }
  return yaml({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: args.name, namespace: args.namespace },
    spec,
  });
}

export function namespaceLabelPatch(
  namespace: string,
  labels: Record<string, string | null>,
): string {
  return yaml({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels },
  });
}

/** A merge patch that restarts a controller's pods, so the injector sees them again. */
export function restartPatch(
  kind: string,
  namespace: string,
  name: string,
  now: Date,
): string {
  return commented(
    `kubectl -n ${namespace} patch ${kind.toLowerCase()} ${name} --type merge --patch-file restart.yaml`,
    yaml({
      spec: {
        template: {
          metadata: {
            annotations: {
              'kubectl.kubernetes.io/restartedAt': now.toISOString(),
            },
          },
        },
      },
    }),
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
  const portLevel =
    args.path.includes('portLevelSettings') && args.port !== undefined;
  const policy = portLevel
    ? { portLevelSettings: [{ port: { number: args.port }, tls }] }
    : { tls };
  if (subset) spec.subsets = [{ name: subset, trafficPolicy: policy }];
  else spec.trafficPolicy = policy;
  return commented(
    `set ${args.path} in DestinationRule ${args.namespace}/${args.name}`,
    yaml({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: args.name, namespace: args.namespace },
      spec,
    }),
  );
}

export function destinationRuleManifest(args: {
  namespace: string;
  name: string;
  host: string;
  mode: 'ISTIO_MUTUAL';
}): string {
  return yaml({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: args.name, namespace: args.namespace },
    spec: { host: args.host, trafficPolicy: { tls: { mode: args.mode } } },
  });
}

export function meshConfigPatch(
  namespace: string,
  mesh: Record<string, unknown>,
): string {
  return commented(
    `merge into key "mesh" of ConfigMap ${namespace}/istio, then restart istiod`,
    yaml(mesh),
  );
}

/** A YAML comment line above a manifest or patch. */
export function commented(comment: string, body: string): string {
  return `# ${comment}\n${body}`;
}

export function joinManifests(docs: string[]): string {
  return docs.join('---\n');
}
