import { formatPath, isPlainObject } from './document';
import type { ValuePath } from './document';
import type { ObjectIssue } from './istioEnums';
import { labelKeyProblem, labelValueProblem } from './labels';

/**
 * Selectors checked as the API server checks them. A selector read loosely
 * (an odd entry dropped) selects more than was written: on a STRICT or DENY
 * policy that is the whole namespace. So a selector the server would refuse is
 * an input error here, at the line of the offending entry.
 */

type SelectorForm =
  /** Istio `WorkloadSelector`: only `matchLabels` */
  | 'matchLabels'
  /** Istio networking `WorkloadSelector` (Sidecar, EnvoyFilter): only `labels` */
  | 'labels'
  /** a plain label map (Service, ReplicationController, Istio Gateway) */
  | 'map'
  /** Kubernetes `LabelSelector`: `matchLabels` and `matchExpressions` */
  | 'labelSelector';

interface SelectorField {
  /** API group the kind must come from (`''` is the core group) */
  group: string;
  field: 'selector' | 'workloadSelector' | 'podSelector';
  form: SelectorForm;
}

const ISTIO_SECURITY = {
  group: 'security.istio.io',
  field: 'selector',
  form: 'matchLabels',
} as const;
const APPS = {
  group: 'apps',
  field: 'selector',
  form: 'labelSelector',
} as const;

const SELECTORS: Record<string, SelectorField> = {
  PeerAuthentication: ISTIO_SECURITY,
  AuthorizationPolicy: ISTIO_SECURITY,
  RequestAuthentication: ISTIO_SECURITY,
  Telemetry: { ...ISTIO_SECURITY, group: 'telemetry.istio.io' },
  WasmPlugin: { ...ISTIO_SECURITY, group: 'extensions.istio.io' },
  ProxyConfig: { ...ISTIO_SECURITY, group: 'networking.istio.io' },
  Sidecar: {
    group: 'networking.istio.io',
    field: 'workloadSelector',
    form: 'labels',
  },
  EnvoyFilter: {
    group: 'networking.istio.io',
    field: 'workloadSelector',
    form: 'labels',
  },
  Gateway: { group: 'networking.istio.io', field: 'selector', form: 'map' },
  Service: { group: '', field: 'selector', form: 'map' },
  ReplicationController: { group: '', field: 'selector', form: 'map' },
  Deployment: APPS,
  ReplicaSet: APPS,
  StatefulSet: APPS,
  DaemonSet: APPS,
  Job: { ...APPS, group: 'batch' },
  PodDisruptionBudget: { ...APPS, group: 'policy' },
  NetworkPolicy: {
    group: 'networking.k8s.io',
    field: 'podSelector',
    form: 'labelSelector',
  },
};

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** The selector of a kind that has one, when it is not what the API server accepts. */
export function checkSelector(
  object: Record<string, unknown>,
): ObjectIssue | undefined {
  const known = SELECTORS[object.kind as string];
  if (!known || !isPlainObject(object.spec)) return undefined;
  // same kind name in another API group (Gateway API's Gateway, Knative's Service)
  const group = apiGroup(object.apiVersion);
  if (group !== undefined && group !== known.group) return undefined;
  const value = object.spec[known.field];
  const path = ['spec', known.field];
  if (value === undefined || value === null) return undefined;
  switch (known.form) {
    case 'map':
      return checkLabelMap(value, path);
    case 'matchLabels':
    case 'labels':
      return checkWorkloadSelector(value, path, known.form);
    default:
      return checkLabelSelector(value, path);
  }
}

/** `metadata.labels` or a selector's label map: string keys and values valid as labels. */
export function checkLabelMap(
  value: unknown,
  path: ValuePath,
): ObjectIssue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value))
    return {
      path,
      reason: `${formatPath(path)} must be a map of label names to values`,
    };
  for (const key of Object.keys(value)) {
    const entry = value[key];
    const problem =
      typeof entry !== 'string'
        ? `must be a string, found ${JSON.stringify(entry)} (quote it)`
        : labelProblem(key, entry);
    if (problem)
      return {
        path: [...path, key],
        reason: `${formatPath(path)}["${key}"] ${problem}`,
      };
  }
  return undefined;
}

function labelProblem(key: string, value: string): string | undefined {
  const keyProblem = labelKeyProblem(key);
  if (keyProblem) return `is not a valid label: the key ${keyProblem}`;
  const valueProblem = labelValueProblem(value);
  if (valueProblem) return `is not a valid label: the value ${valueProblem}`;
  return undefined;
}

function checkWorkloadSelector(
  value: unknown,
  path: ValuePath,
  field: 'matchLabels' | 'labels',
): ObjectIssue | undefined {
  if (!isPlainObject(value))
    return {
      path,
      reason: `${formatPath(path)} must be a mapping with ${field}`,
    };
  const unknown = onlyFields(value, path, [field]);
  if (unknown) return unknown;
  return checkLabelMap(value[field], [...path, field]);
}

function checkLabelSelector(
  value: unknown,
  path: ValuePath,
): ObjectIssue | undefined {
  if (!isPlainObject(value))
    return {
      path,
      reason: `${formatPath(
        path,
      )} must be a mapping with matchLabels and/or matchExpressions`,
    };
  const issue =
    onlyFields(value, path, ['matchLabels', 'matchExpressions']) ??
    checkLabelMap(value.matchLabels, [...path, 'matchLabels']);
  if (issue) return issue;
  const expressions = value.matchExpressions;
  if (expressions === undefined || expressions === null) return undefined;
  const listPath = [...path, 'matchExpressions'];
  if (!Array.isArray(expressions))
    return { path: listPath, reason: `${formatPath(listPath)} must be a list` };
  for (let i = 0; i < expressions.length; i++) {
    const expressionIssue = checkExpression(expressions[i], [...listPath, i]);
    if (expressionIssue) return expressionIssue;
  }
  return undefined;
}

function checkExpression(
  expression: unknown,
  path: ValuePath,
): ObjectIssue | undefined {
  const where = formatPath(path);
  if (!isPlainObject(expression))
    return { path, reason: `${where} must be a mapping` };
  const unknown = onlyFields(expression, path, ['key', 'operator', 'values']);
  if (unknown) return unknown;
  const { key, operator, values } = expression;
  if (typeof key !== 'string')
    return { path: [...path, 'key'], reason: `${where}.key must be a string` };
  const keyProblem = labelKeyProblem(key);
  if (keyProblem)
    return {
      path: [...path, 'key'],
      reason: `${where}.key: the label key ${keyProblem}`,
    };
  if (typeof operator !== 'string' || !OPERATORS.includes(operator))
    return {
      path: [...path, 'operator'],
      reason: `${where}.operator is ${JSON.stringify(
        operator,
      )}, expected one of ${OPERATORS.join(', ')}`,
    };
  const listed = values === undefined || values === null ? [] : values;
  if (!Array.isArray(listed))
    return {
      path: [...path, 'values'],
      reason: `${where}.values must be a list`,
    };
  const needsValues = operator === 'In' || operator === 'NotIn';
  if (needsValues && listed.length === 0)
    return { path, reason: `${where}: operator ${operator} needs values` };
  if (!needsValues && listed.length > 0)
    return {
      path: [...path, 'values'],
      reason: `${where}: operator ${operator} takes no values`,
    };
  for (let i = 0; i < listed.length; i++) {
    const entry = listed[i];
    const at = [...path, 'values', i];
    if (typeof entry !== 'string')
      return {
        path: at,
        reason: `${formatPath(at)} must be a string, found ${JSON.stringify(
          entry,
        )} (quote it)`,
      };
    const valueProblem = labelValueProblem(entry);
    if (valueProblem)
      return {
        path: at,
        reason: `${formatPath(at)}: the label value ${valueProblem}`,
      };
  }
  return undefined;
}

function onlyFields(
  value: Record<string, unknown>,
  path: ValuePath,
  allowed: readonly string[],
): ObjectIssue | undefined {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      return {
        path: [...path, key],
        reason: `${formatPath(
          path,
        )} has unknown field "${key}" (allowed: ${allowed.join(', ')})`,
      };
  }
  return undefined;
}

function apiGroup(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
