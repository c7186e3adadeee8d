import { formatPath, isPlainObject } from './document';
import type { ValuePath } from './document';

/** A problem in one object, at a path relative to the object. */
export interface ObjectIssue {
  path: ValuePath;
  reason: string;
}

/** Mode names as the Istio CRDs accept them (case-sensitive). */
export const PEER_AUTHENTICATION_MODES = [
  'UNSET',
  'DISABLE',
  'PERMISSIVE',
  'STRICT',
] as const;
export const CLIENT_TLS_MODES = [
  'DISABLE',
  'SIMPLE',
  'MUTUAL',
  'ISTIO_MUTUAL',
] as const;
export const AUTHORIZATION_ACTIONS = [
  'ALLOW',
  'DENY',
  'AUDIT',
  'CUSTOM',
] as const;

/**
 * Enum values the engine branches on. A typo such as `STRICTT` would otherwise be
 * read as "no mode" and silently inherit a weaker one, so it is an input error.
 */
export function checkIstioEnums(
  kind: string,
  spec: unknown,
): ObjectIssue | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec))
    return { path: ['spec'], reason: 'spec must be a mapping' };
  switch (kind) {
    case 'PeerAuthentication':
      return checkPeerAuthentication(spec);
    case 'DestinationRule':
      return checkDestinationRule(spec);
    case 'AuthorizationPolicy':
      return checkAuthorizationPolicy(spec);
    default:
      return undefined;
  }
}

function checkPeerAuthentication(
  spec: Record<string, unknown>,
): ObjectIssue | undefined {
  const issue = checkModeHolder(
    spec.mtls,
    ['spec', 'mtls'],
    PEER_AUTHENTICATION_MODES,
  );
  if (issue) return issue;
  const ports = spec.portLevelMtls;
  if (ports === undefined || ports === null) return undefined;
  const portsPath = ['spec', 'portLevelMtls'];
  if (!isPlainObject(ports)) {
    return {
      path: portsPath,
      reason:
        'spec.portLevelMtls must be a map of port number to mTLS settings',
    };
  }
  for (const [port, settings] of Object.entries(ports)) {
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return {
        path: [...portsPath, port],
        reason: `spec.portLevelMtls key "${port}" is not a port number (1-65535)`,
      };
    }
    const portIssue = checkModeHolder(
      settings,
      [...portsPath, port],
      PEER_AUTHENTICATION_MODES,
    );
    if (portIssue) return portIssue;
  }
  return undefined;
}

function checkDestinationRule(
  spec: Record<string, unknown>,
): ObjectIssue | undefined {
  const issue = checkTrafficPolicy(spec.trafficPolicy, [
    'spec',
    'trafficPolicy',
  ]);
  if (issue) return issue;
  return eachEntry(spec.subsets, ['spec', 'subsets'], (subset, path) =>
    checkTrafficPolicy(subset.trafficPolicy, [...path, 'trafficPolicy']),
  );
}

function checkTrafficPolicy(
  policy: unknown,
  path: ValuePath,
): ObjectIssue | undefined {
  if (policy === undefined || policy === null) return undefined;
  if (!isPlainObject(policy))
    return { path, reason: `${formatPath(path)} must be a mapping` };
  const issue = checkModeHolder(policy.tls, [...path, 'tls'], CLIENT_TLS_MODES);
  if (issue) return issue;
  return eachEntry(
    policy.portLevelSettings,
    [...path, 'portLevelSettings'],
    (setting, at) =>
      checkModeHolder(setting.tls, [...at, 'tls'], CLIENT_TLS_MODES),
  );
}

function checkAuthorizationPolicy(
  spec: Record<string, unknown>,
): ObjectIssue | undefined {
  const issue = checkEnum(
    spec.action,
    ['spec', 'action'],
    AUTHORIZATION_ACTIONS,
  );
  if (issue) return issue;
  if (
    spec.rules !== undefined &&
    spec.rules !== null &&
    !Array.isArray(spec.rules)
  ) {
    return { path: ['spec', 'rules'], reason: 'spec.rules must be a list' };
  }
  return undefined;
}

/** `{ mode: X }` where X is one of `allowed`; the holder itself may be absent. */
function checkModeHolder(
  holder: unknown,
  path: ValuePath,
  allowed: readonly string[],
): ObjectIssue | undefined {
  if (holder === undefined || holder === null) return undefined;
  if (!isPlainObject(holder))
    return { path, reason: `${formatPath(path)} must be a mapping` };
  return checkEnum(holder.mode, [...path, 'mode'], allowed);
}

function checkEnum(
  value: unknown,
  path: ValuePath,
  allowed: readonly string[],
): ObjectIssue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return {
    path,
    reason: `${formatPath(path)} is ${JSON.stringify(
      value,
    )}, expected one of ${allowed.join(', ')}`,
  };
}

function eachEntry(
  list: unknown,
  path: ValuePath,
  check: (
    entry: Record<string, unknown>,
    path: ValuePath,
  ) => ObjectIssue | undefined,
): ObjectIssue | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list))
    return { path, reason: `${formatPath(path)} must be a list` };
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (entry === null || entry === undefined) continue;
    const at = [...path, i];
    if (!isPlainObject(entry))
      return { path: at, reason: `${formatPath(at)} must be a mapping` };
    const issue = check(entry, at);
    if (issue) return issue;
  }
  return undefined;
}
