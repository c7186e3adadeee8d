import type { MeshAssumptions } from '@mesh-security/plugin-mesh-security-common';

/** An authenticated caller as its certificate names it: `<trustDomain>/ns/<ns>/sa/<sa>`. */
export interface Principal {
  trustDomain: string;
  namespace: string;
  serviceAccount: string;
  /** without the `spiffe://` prefix */
  text: string;
}

/** Parses a metrics principal (`spiffe://…`) or a policy principal; null for `unknown` or other shapes. */
export function parsePrincipal(value: string): Principal | null {
  const text = value.startsWith('spiffe://')
    ? value.slice('spiffe://'.length)
    : value;
  const m = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(text);
  return m
    ? { trustDomain: m[1], namespace: m[2], serviceAccount: m[3], text }
    : null;
}

/** Istio's string match for AuthorizationPolicy values: exact, `prefix*`, `*suffix`, `*`. */
export function istioMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Trust domains istiod treats as this mesh's own: the configured one, its aliases, and `cluster.local`. */
export function localTrustDomains(assumptions: MeshAssumptions): string[] {
  return [
    ...new Set([
      assumptions.trustDomain,
      ...assumptions.trustDomainAliases,
      'cluster.local',
    ]),
  ];
}

/**
 * istiod rewrites a granted principal whose trust domain is local into one entry
 * per local trust domain, so a caller certified by an alias still matches.
 */
export function principalGrantMatches(
  grant: string,
  observed: Principal,
  localDomains: string[],
): boolean {
  const slash = grant.indexOf('/');
  const domain = slash > 0 ? grant.slice(0, slash) : '';
  if (slash > 0 && !domain.includes('*') && localDomains.includes(domain)) {
    const rest = grant.slice(slash);
    return localDomains.some(d => istioMatch(d + rest, observed.text));
  }
  return istioMatch(grant, observed.text);
}

/** `namespaces` grants match the namespace segment of the caller's SAN. */
export function namespaceGrantMatches(
  grant: string,
  observed: Principal,
): boolean {
  return istioMatch(grant, observed.namespace);
}

/** `serviceAccounts` grants are `<ns>/<sa>`, independent of the trust domain. */
export function serviceAccountGrantMatches(
  grant: string,
  observed: Principal,
): boolean {
  return grant === `${observed.namespace}/${observed.serviceAccount}`;
}
