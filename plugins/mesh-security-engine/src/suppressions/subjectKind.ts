/**
 * What kind of object a finding's subject is, so that an annotation on one
 * object never suppresses findings about another that shares its
 * `namespace/name` (an AuthorizationPolicy `shop/web` is not the workload
 * `shop/web`). `workload` covers controllers, their pod templates and Pods.
 */
export type SubjectKind =
  | 'workload'
  | 'PeerAuthentication'
  | 'AuthorizationPolicy'
  | 'DestinationRule'
  | 'ConfigMap'
  | 'Namespace';

/** Rules whose id looks like a policy's but whose subject is the workload. */
const WORKLOAD_RULES = new Set([
  'authz-observed-caller-denied',
  'client-plaintext-to-strict',
]);

export function subjectKindOf(rule: string): SubjectKind {
  if (WORKLOAD_RULES.has(rule)) return 'workload';
  if (
    rule.startsWith('peerauthentication-') ||
    rule === 'portlevelmtls-unknown-port' ||
    rule === 'ambient-peerauthentication-disable'
  )
    return 'PeerAuthentication';
  if (rule.startsWith('authz-')) return 'AuthorizationPolicy';
  if (rule.startsWith('dr-')) return 'DestinationRule';
  if (rule === 'auto-mtls-disabled' || rule === 'root-cert-expiring')
    return 'ConfigMap';
  if (rule.startsWith('namespace-')) return 'Namespace';
  return 'workload';
}

/** Kinds whose annotation (or pod template's) speaks for the workload they run. */
export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
]);

/** The kind of subject an annotated object of `kind` can be. */
export function subjectKindOfObject(kind: string): string {
  return WORKLOAD_KINDS.has(kind) ? 'workload' : kind;
}
