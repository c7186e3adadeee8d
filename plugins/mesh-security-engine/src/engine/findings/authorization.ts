import type { EngineContext } from '../context';
import { ruleReachesPort, type AuthzPolicyRecord } from '../authorization';
import { MODE_STRENGTH } from '../posture';
import { istioMatch } from '../traffic/principals';
import { joinManifests, peerAuthenticationManifest } from '../remediation';
import { listNames, plural, type FindingSink } from './sink';

/** `<trust domain>/ns/<namespace>/sa/<service account>`, `spiffe://` optional. */
const PRINCIPAL = /^(?:spiffe:\/\/)?([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

const BUILT_IN_NAMESPACES = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
]);

/** AuthorizationPolicy findings (docs/rules.md authz-*). */
export function authorizationFindings(
  ctx: EngineContext,
  sink: FindingSink,
): void {
  const { assumptions, inventory } = ctx;
  const trustDomains = new Set([
    assumptions.trustDomain,
    ...assumptions.trustDomainAliases,
    'cluster.local',
  ]);

  // Kubernetes creates these whether or not a folder of manifests declares them.
  const namespaceExists = (ns: string) =>
    inventory.knownNamespaces.has(ns) ||
    BUILT_IN_NAMESPACES.has(ns) ||
    ns === ctx.controlPlaneNamespace ||
    ns === assumptions.rootNamespace;

  const anyNamespaceMatches = (pattern: string) =>
    [
      ...inventory.knownNamespaces,
      ...BUILT_IN_NAMESPACES,
      ctx.controlPlaneNamespace,
      assumptions.rootNamespace,
    ].some(ns => istioMatch(pattern, ns));

  const strictManifests = new Map<string, string>();
  // reused across policies: most policies name nothing unknown
  const unknownNamespaces = new Set<string>();
  const unknownPrincipals = new Set<string>();
  const foreign = new Set<string>();
  for (const policy of ctx.authzPolicies) {
    const inMesh = ctx.authzInMesh.get(policy.key) ?? new Set<string>();
    const all = ctx.authzAll.get(policy.key) ?? new Set<string>();

    // A dry-run policy enforces nothing: only authz-dry-run-would-deny judges it.
    const enforced = !policy.dryRun;
    if (
      enforced &&
      policy.action === 'ALLOW' &&
      policy.rules.some(r => r.summary.matchesEverything)
    ) {
      sink.add({
        rule: 'authz-allow-all',
        severity: 'high',
        subject: policy.key,
        reason: `AuthorizationPolicy ${policy.key} has an empty rule {}, which allows every request from anyone to its targets and makes every other ALLOW policy there irrelevant.`,
        detail: { related: [...inMesh].sort() },
      });
    }

    if (!policy.hasTargetRefs) {
      if (
        enforced &&
        policy.action === 'ALLOW' &&
        policy.noRules &&
        inMesh.size > 0
      ) {
        sink.add({
          rule: 'authz-allow-nothing',
          severity: 'medium',
          subject: policy.key,
          reason: `AuthorizationPolicy ${
            policy.key
          } is an ALLOW policy without rules: it denies every request to ${listNames(
            [...inMesh].sort(),
          )} unless another ALLOW policy grants it.`,
          detail: { related: [...inMesh].sort() },
        });
      }
      if (inMesh.size === 0) {
        sink.add({
          rule: 'authz-selector-no-match',
          severity: 'low',
          subject: policy.key,
          reason: `AuthorizationPolicy ${policy.key} ${noMatchWhy(
            policy,
            [...all].sort(),
          )}`,
          ...(all.size > 0 ? { detail: { related: [...all].sort() } } : {}),
        });
      }
      if (enforced) {
        requiresMtls(ctx, policy, all, sink, strictManifests);
        httpFieldsOnTcp(ctx, policy, inMesh, sink);
      }
    }

    // Names the policy grants or refuses that do not exist.
    unknownNamespaces.clear();
    unknownPrincipals.clear();
    foreign.clear();
    for (const rule of policy.rules) {
      for (const ns of rule.namespaces) {
        // a prefix or suffix pattern that matches no namespace names nothing (IST0101)
        const exists = ns.includes('*')
          ? ns === '*' || anyNamespaceMatches(ns)
          : namespaceExists(ns);
        if (!exists) unknownNamespaces.add(ns);
      }
      for (const principal of rule.principals) {
        const m = PRINCIPAL.exec(principal);
        if (!m) continue;
        const [, td, ns, sa] = m;
        if (!td.includes('*') && !trustDomains.has(td)) {
          foreign.add(principal);
          continue; // another mesh's namespaces and accounts are not ours to check
        }
        if (principal.includes('*')) continue;
        if (!inventory.knownNamespaces.has(ns)) {
          // a built-in namespace the input does not describe says nothing of its accounts
          if (!namespaceExists(ns)) unknownNamespaces.add(ns);
        } else if (
          sa !== 'default' &&
          !inventory.serviceAccounts.has(`${ns}/${sa}`)
        )
          unknownPrincipals.add(principal);
      }
    }
    if (unknownNamespaces.size > 0) {
      const names = [...unknownNamespaces].sort();
      sink.add({
        rule: 'authz-unknown-namespace',
        severity: 'medium',
        subject: policy.key,
        reason: `AuthorizationPolicy ${policy.key} refers to ${plural(
          names.length,
          'namespace',
        )} ${listNames(names)}, which ${
          names.length === 1 ? 'does' : 'do'
        } not exist (a typo, or a namespace that was renamed or deleted).`,
        detail: { grant: names[0], grants: names },
      });
    }
    if (unknownPrincipals.size > 0) {
      const names = [...unknownPrincipals].sort();
      sink.add({
        rule: 'authz-unknown-principal',
        severity: 'medium',
        subject: policy.key,
        reason: `AuthorizationPolicy ${policy.key} refers to ${plural(
          names.length,
          'principal',
        )} ${listNames(names)}, whose service ${plural(
          names.length,
          'account does',
          'accounts do',
        )} not exist, so the rule matches no caller (often a renamed service account).`,
        detail: { grant: names[0], grants: names },
      });
    }
    if (foreign.size > 0) {
      const names = [...foreign].sort();
      sink.add({
        rule: 'authz-foreign-trust-domain',
        severity: 'low',
        subject: policy.key,
        reason: `AuthorizationPolicy ${policy.key} names ${listNames(
          names,
        )} from a trust domain that is neither this mesh's (${
          assumptions.trustDomain
        }), one of its aliases, nor cluster.local; it only matches callers from that other mesh.`,
        detail: { grant: names[0], grants: names },
      });
    }
  }
}

/** Why a policy enforces nothing: no pod at all, or only pods without a proxy to enforce it. */
function noMatchWhy(policy: AuthzPolicyRecord, withoutProxy: string[]): string {
  const where =
    policy.scope === 'mesh' || policy.scope === 'mesh-selector'
      ? 'in the mesh'
      : `in namespace ${policy.namespace}`;
  const labels = policy.selector
    ? Object.entries(policy.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : undefined;
  if (withoutProxy.length > 0) {
    const names = listNames(withoutProxy);
    const scope =
      policy.scope === 'mesh'
        ? 'the whole mesh'
        : `namespace ${policy.namespace}`;
    const what = labels
      ? `selects ${labels}, which matches ${names}`
      : `applies to ${scope}, whose only workloads are ${names}`;
    return withoutProxy.length === 1
      ? `${what}, but it has no sidecar or ambient capture to enforce the policy: the policy is not enforced there and ${names} accepts every caller.`
      : `${what}, but none of them has a sidecar or ambient capture to enforce the policy: the policy is not enforced there and they accept every caller.`;
  }
  if (labels)
    return `selects ${labels}, which matches no pod ${
      policy.scope === 'mesh-selector' ? 'anywhere in the mesh' : where
    }, so it has no effect.`;
  if (policy.scope === 'mesh')
    return 'applies to the whole mesh, which has no pod with a proxy, so it has no effect.';
  return `applies to namespace ${policy.namespace}, which has no pod with a proxy, so it has no effect.`;
}

/** Identity fields need an authenticated peer; a workload that accepts plaintext has callers without one. */
const MAX_MANIFESTS = 3;

function requiresMtls(
  ctx: EngineContext,
  policy: AuthzPolicyRecord,
  workloads: Set<string>,
  sink: FindingSink,
  manifests: Map<string, string>,
): void {
  const rules = policy.rules.filter(r => r.usesIdentity);
  if (rules.length === 0 || workloads.size === 0) return;
  const byPort = new Map<number | undefined, string[]>();
  for (const key of [...workloads].sort()) {
    const w = ctx.workloads.get(key);
    if (!w) continue;
    const p = w.posture;
    if (p.mtlsMode !== 'STRICT') {
      push(byPort, undefined, key);
      continue;
    }
    for (const [port, mode] of Object.entries(p.portModes ?? {})) {
      if (MODE_STRENGTH[mode] >= MODE_STRENGTH.STRICT) continue;
      if (rules.some(r => ruleReachesPort(r, Number(port))))
        push(byPort, Number(port), key);
    }
  }
  for (const [port, keys] of byPort) {
    const docs = keys.slice(0, MAX_MANIFESTS).map(k => {
      let doc = manifests.get(k);
      if (!doc) {
        const w = ctx.workloads.get(k)!;
        doc = peerAuthenticationManifest({
          namespace: w.posture.namespace,
          name: `${w.posture.name}-strict`,
          selector: ctx.selectorFor(k),
          mode: 'STRICT',
        });
        manifests.set(k, doc);
      }
      return doc;
    });
    const more = keys.length - docs.length;
    const what = port === undefined ? '' : ` on port ${port}`;
    sink.add({
      rule: 'authz-requires-mtls',
      severity: 'high',
      subject: policy.key,
      ...(port === undefined ? {} : { port }),
      reason: `AuthorizationPolicy ${
        policy.key
      } decides by caller identity (principals or namespaces), but ${listNames(
        keys,
      )} ${
        keys.length === 1 ? 'accepts' : 'accept'
      } plaintext${what}, where callers have no identity: ALLOW rules never match them and DENY rules on not-identities always do.`,
      detail: { related: keys },
      remediation:
        joinManifests(docs) +
        (more > 0 ? `# … and the same for ${more} more workloads\n` : ''),
    });
  }
}

/** A DENY rule with HTTP-only fields loses those fields on TCP ports and denies the whole port. */
function httpFieldsOnTcp(
  ctx: EngineContext,
  policy: AuthzPolicyRecord,
  workloads: Set<string>,
  sink: FindingSink,
): void {
  if (policy.action !== 'DENY') return;
  const rules = policy.rules.filter(r => r.httpFields.length > 0);
  if (rules.length === 0) return;
  const byPort = new Map<
    number,
    { workloads: string[]; fields: Set<string> }
  >();
  for (const key of [...workloads].sort()) {
    const w = ctx.workloads.get(key);
    if (!w) continue;
    for (const [port, http] of w.servicePorts) {
      if (http) continue;
      for (const r of rules) {
        if (!ruleReachesPort(r, port)) continue;
        let entry = byPort.get(port);
        if (!entry)
          byPort.set(
            port,
            (entry = { workloads: [], fields: new Set<string>() }),
          );
        if (!entry.workloads.includes(key)) entry.workloads.push(key);
        r.httpFields.forEach(f => entry!.fields.add(f));
      }
    }
  }
  for (const [port, { workloads: keys, fields }] of byPort) {
    sink.add({
      rule: 'authz-deny-http-fields-on-tcp',
      severity: 'medium',
      subject: policy.key,
      port,
      reason: `DENY policy ${policy.key} uses HTTP-only fields (${listNames([
        ...fields,
      ])}), but port ${port} of ${listNames(
        keys,
      )} is TCP: Istio drops those fields there, so the rule denies all matching traffic to that port. Name the Service port http-… (or set appProtocol) if it is HTTP, or restrict the rule with ports.`,
      detail: { related: keys },
    });
  }
}

function push<K>(map: Map<K, string[]>, key: K, value: string) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
