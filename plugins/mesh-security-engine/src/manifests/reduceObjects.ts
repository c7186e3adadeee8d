import type { KubeObject } from '@mesh-security/plugin-mesh-security-common';

/**
 * An object cut down to what the engine (inventory, suppressions, simulation)
 * reads. Real objects carry several times that: managed fields, status, the
 * last-applied copy, container env, volumes, probes, resources. The CLI reduces
 * each item of a cluster dump right after parsing it and the backend each
 * listed object, so the rest is young garbage instead of a held heap.
 *
 * Exact by construction: a field the engine reads is kept as it is, wrong type
 * and all, so the engine warns and skips the same way; only fields it never
 * reads go. A test evaluates the demo and benchmark meshes both ways and
 * compares the reports: reading a new field in the engine means keeping it here.
 */

type Dict = Record<string, unknown>;

/** Written by `kubectl apply`: a second copy of the object. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** metadata the engine, the suppressions and the CLI's locator read */
const METADATA_KEYS = [
  'name',
  'namespace',
  'labels',
  'annotations',
  'ownerReferences',
  'creationTimestamp',
];

/** The only ConfigMaps the engine reads (mesh config and root certificate). */
const READ_CONFIG_MAPS = new Set(['istio', 'istio-ca-root-cert']);

/** Kinds whose pod template is at `spec.template`. */
const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);

/** Kinds the engine reads the whole spec of (policies: small and read in full). */
const WHOLE_SPEC_KINDS = new Set([
  'PeerAuthentication',
  'AuthorizationPolicy',
  'DestinationRule',
]);

function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Dict)
    : undefined;
}

/** The given keys that are present, values as they are. */
function pick(dict: Dict, keys: readonly string[]): Dict {
  const out: Dict = {};
  for (const key of keys) if (key in dict) out[key] = dict[key];
  return out;
}

function reduceMetadata(metadata: unknown): unknown {
  const meta = asDict(metadata);
  if (!meta) return metadata;
  const out = pick(meta, METADATA_KEYS);
  const annotations = asDict(meta.annotations);
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _applied, ...rest } = annotations;
    out.annotations = rest;
  }
  return out;
}

/** A container's name, image and, for the proxy, its args; ports for the others. */
function reduceContainer(value: unknown, init: boolean): unknown {
  const container = asDict(value);
  if (!container) return value;
  if (init) return pick(container, ['name', 'image', 'restartPolicy']);
  return container.name === 'istio-proxy'
    ? pick(container, ['name', 'image', 'args'])
    : pick(container, ['name', 'ports']);
}

function reducePodSpec(value: unknown): unknown {
  const spec = asDict(value);
  if (!spec) return value;
  const out = pick(spec, [
    'hostNetwork',
    'serviceAccountName',
    'serviceAccount',
  ]);
  for (const [key, init] of [
    ['containers', false],
    ['initContainers', true],
  ] as const) {
    if (!(key in spec)) continue;
    const list = spec[key];
    out[key] = Array.isArray(list)
      ? list.map(c => reduceContainer(c, init))
      : list;
  }
  return out;
}

function reduceTemplate(value: unknown): unknown {
  const template = asDict(value);
  if (!template) return value;
  const out = pick(template, ['metadata']);
  if ('spec' in template) out.spec = reducePodSpec(template.spec);
  return out;
}

/** A controller's spec with its pod template reduced (a CronJob's one level down). */
function reduceControllerSpec(kind: string, value: unknown): unknown {
  const spec = asDict(value);
  if (!spec) return value;
  if (kind !== 'CronJob')
    return 'template' in spec
      ? { template: reduceTemplate(spec.template) }
      : {};
  const jobTemplate = asDict(spec.jobTemplate);
  if (!jobTemplate) return pick(spec, ['jobTemplate']);
  const jobSpec = asDict(jobTemplate.spec);
  if (!jobSpec) return { jobTemplate: pick(jobTemplate, ['spec']) };
  return {
    jobTemplate: { spec: reduceControllerSpec('Job', jobSpec) },
  };
}

/** The engine skips finished Pods and Jobs: the only status it reads. */
function reduceStatus(kind: string, value: unknown): unknown {
  const status = asDict(value);
  if (!status) return undefined;
  if (kind === 'Pod' && typeof status.phase === 'string')
    return { phase: status.phase };
  if (kind === 'Job' && Array.isArray(status.conditions))
    return {
      conditions: status.conditions.map(c => {
        const condition = asDict(c);
        return condition ? pick(condition, ['type', 'status']) : c;
      }),
    };
  return undefined;
}

function reduceSpec(kind: string, object: Dict): unknown {
  const spec = object.spec;
  if (kind === 'Pod') return reducePodSpec(spec);
  if (TEMPLATE_KINDS.has(kind) || kind === 'CronJob')
    return reduceControllerSpec(kind, spec);
  if (kind === 'Service') {
    const dict = asDict(spec);
    return dict ? pick(dict, ['selector', 'ports']) : spec;
  }
  if (WHOLE_SPEC_KINDS.has(kind)) return spec;
  return undefined;
}

/** The engine keeps `data` with every policy and reads it for two ConfigMaps. */
function readsData(kind: string, metadata: unknown): boolean {
  if (WHOLE_SPEC_KINDS.has(kind)) return true;
  const name = asDict(metadata)?.name;
  return (
    kind === 'ConfigMap' &&
    typeof name === 'string' &&
    READ_CONFIG_MAPS.has(name)
  );
}

/**
 * An object as the engine reads it (see the file comment). Items of a `*List`
 * are reduced each; anything that is not an object is returned as it is.
 * @public
 */
export function reduceObject(object: KubeObject): KubeObject {
  const dict = asDict(object);
  if (!dict) return object;
  const kind = typeof dict.kind === 'string' ? dict.kind : '';
  const out: Dict = pick(dict, ['apiVersion', 'kind']);
  if ('metadata' in dict) out.metadata = reduceMetadata(dict.metadata);
  if (kind.endsWith('List') && Array.isArray(dict.items)) {
    out.items = dict.items.map(item => reduceObject(item as KubeObject));
    return out as unknown as KubeObject;
  }
  if ('spec' in dict) {
    const spec = reduceSpec(kind, dict);
    if (spec !== undefined) out.spec = spec;
  }
  if ('data' in dict && readsData(kind, dict.metadata)) out.data = dict.data;
  const status = reduceStatus(kind, dict.status);
  if (status !== undefined) out.status = status;
  return out as unknown as KubeObject;
}

/** {@link reduceObject} of each. @public */
export function reduceObjects(objects: readonly KubeObject[]): KubeObject[] {
  return objects.map(reduceObject);
}
