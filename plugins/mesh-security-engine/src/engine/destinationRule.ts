import type { NamespacedObject } from './inventory';
import { byAge } from './peerAuthentication';
import {
  asArray,
  asDict,
  asLabels,
  asPort,
  asString,
  asStrings,
  type Dict,
  type Labels,
} from './values';

export const DOMAIN_SUFFIX = 'cluster.local';

export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';
const TLS_MODES = new Set<string>([
  'DISABLE',
  'SIMPLE',
  'MUTUAL',
  'ISTIO_MUTUAL',
]);

export interface DrSubset {
  name: string;
  labels: Labels;
  trafficPolicy: Dict | null;
}

export interface DestinationRuleRecord {
  key: string;
  namespace: string;
  name: string;
  created: number;
  /** FQDN, or a wildcard host as written */
  host: string;
  /** raw exportTo; empty = mesh default `*` */
  exportTo: string[];
  trafficPolicy: Dict | null;
  subsets: DrSubset[];
}

export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.${DOMAIN_SUFFIX}`;
}

/** Short names resolve against the rule's namespace; wildcards and dotted names stay as written. */
export function resolveHost(host: string, namespace: string): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return serviceHost(host, namespace);
}

export function readDestinationRule(
  obj: NamespacedObject,
  warnings: string[],
): DestinationRuleRecord | null {
  const key = `${obj.namespace}/${obj.name}`;
  const host = asString(obj.spec.host);
  if (!host) {
    warnings.push(`DestinationRule ${key} skipped: no spec.host`);
    return null;
  }
  // A workloadSelector narrows the rule to some client pods of its namespace;
  // per-namespace client outcomes cannot express that, so such rules are left out.
  if (asDict(obj.spec.workloadSelector)) return null;
  const subsets: DrSubset[] = [];
  const checkTls = (policy: unknown, path: string) => {
    const check = (holder: unknown, at: string) => {
      const tls = asDict(asDict(holder)?.tls);
      if (
        tls &&
        tls.mode !== undefined &&
        !(typeof tls.mode === 'string' && TLS_MODES.has(tls.mode))
      ) {
        warnings.push(
          `DestinationRule ${key}: unknown tls.mode ${JSON.stringify(
            tls.mode,
          )} at ${at}, ignored`,
        );
      }
    };
    check(policy, path);
    asArray(asDict(policy)?.portLevelSettings).forEach((pl, i) =>
      check(pl, `${path}.portLevelSettings[${i}]`),
    );
  };
  checkTls(obj.spec.trafficPolicy, 'spec.trafficPolicy');
  for (const s of asArray(obj.spec.subsets)) {
    const subset = asDict(s);
    const name = asString(subset?.name);
    if (!subset || !name) continue;
    checkTls(subset.trafficPolicy, `spec.subsets[${name}].trafficPolicy`);
    subsets.push({
      name,
      labels: asLabels(subset.labels),
      trafficPolicy: asDict(subset.trafficPolicy) ?? null,
    });
  }
  return {
    key,
    namespace: obj.namespace,
    name: obj.name,
    created: obj.created,
    host: resolveHost(host, obj.namespace),
    exportTo: asStrings(obj.spec.exportTo),
    trafficPolicy: asDict(obj.spec.trafficPolicy) ?? null,
    subsets,
  };
}

/** Same-host rules of one namespace merged as istiod does. */
export interface MergedDestinationRule {
  host: string;
  namespace: string;
  rules: DestinationRuleRecord[];
  /** the first top-level trafficPolicy in creation order */
  trafficPolicy: Dict | null;
  /** the rule that trafficPolicy comes from (else the oldest rule): what the report names */
  key: string;
  /** concatenated; a later subset with an existing name is dropped */
  subsets: Array<DrSubset & { from: string }>;
  exportTo: Set<string>;
}

/** `clientNamespace` null asks for "any namespace not named in exportTo". */
function visibleTo(
  exportTo: Set<string>,
  ruleNamespace: string,
  clientNamespace: string | null,
): boolean {
  if (exportTo.size === 0 || exportTo.has('*')) return true;
  if (clientNamespace === null) return false;
  if (exportTo.has('.') && clientNamespace === ruleNamespace) return true;
  return exportTo.has(clientNamespace);
}

/** A pool of merged rules (one namespace, local or exported) with Istio's most-specific-host lookup. */
class HostPool {
  readonly exact = new Map<string, MergedDestinationRule>();
  /** wildcard hosts, most specific (longest) first */
  wildcards: MergedDestinationRule[] = [];

  add(rule: DestinationRuleRecord): void {
    const isWildcard = rule.host.startsWith('*');
    let merged = isWildcard
      ? this.wildcards.find(m => m.host === rule.host)
      : this.exact.get(rule.host);
    if (!merged) {
      merged = {
        host: rule.host,
        namespace: rule.namespace,
        rules: [],
        trafficPolicy: null,
        key: rule.key,
        subsets: [],
        exportTo: new Set(),
      };
      if (isWildcard) {
        this.wildcards.push(merged);
        this.wildcards.sort((a, b) => b.host.length - a.host.length);
      } else this.exact.set(rule.host, merged);
    }
    merged.rules.push(rule);
    if (!merged.trafficPolicy && rule.trafficPolicy) {
      merged.trafficPolicy = rule.trafficPolicy;
      merged.key = rule.key;
    }
    for (const s of rule.subsets) {
      if (!merged.subsets.some(x => x.name === s.name))
        merged.subsets.push({ ...s, from: rule.key });
    }
    for (const e of rule.exportTo) merged.exportTo.add(e);
    if (rule.exportTo.length === 0) merged.exportTo.add('*');
  }

  mostSpecific(host: string): MergedDestinationRule | undefined {
    const exact = this.exact.get(host);
    if (exact) return exact;
    for (const w of this.wildcards) {
      if (w.host === '*' || host.endsWith(w.host.slice(1))) return w;
    }
    return undefined;
  }
}

/**
 * DestinationRule lookup for a client namespace and a Service
 * (push_context.go `destinationRule()`, docs/semantics.md §2):
 * 1. rules in the client's namespace visible to it, most specific host;
 * 2. rules exported by the Service's namespace, if the most specific one is exported to the client;
 * 3. rules exported by the root namespace, same check.
 * A client in the root namespace only sees the root namespace's private rules in step 1.
 */
export class DestinationRuleIndex {
  private readonly local = new Map<string, HostPool>();
  private readonly exported = new Map<string, HostPool>();
  private readonly rootPrivate = new HostPool();
  /** exact host → namespaces (root excluded) whose local pool has it */
  private readonly localHosts = new Map<string, Set<string>>();
  private readonly localWildcards: Array<{ namespace: string; host: string }> =
    [];

  constructor(
    rules: DestinationRuleRecord[],
    private readonly rootNamespace: string,
  ) {
    for (const rule of rules.slice().sort(byAge)) {
      const exportTo = rule.exportTo;
      const visibleLocally =
        exportTo.length === 0 ||
        exportTo.includes('*') ||
        exportTo.includes('.') ||
        exportTo.includes(rule.namespace);
      if (visibleLocally) {
        pool(this.local, rule.namespace).add(rule);
        if (rule.namespace !== rootNamespace) {
          if (rule.host.startsWith('*'))
            this.localWildcards.push({
              namespace: rule.namespace,
              host: rule.host,
            });
          else {
            let set = this.localHosts.get(rule.host);
            if (!set) this.localHosts.set(rule.host, (set = new Set()));
            set.add(rule.namespace);
          }
        }
      }
      const privateOnly =
        exportTo.length === 1 &&
        (exportTo[0] === '.' || exportTo[0] === rule.namespace);
      // `~` (exported nowhere) still shadows less specific hosts, as in istiod
      if (!privateOnly) {
        pool(this.exported, rule.namespace).add(rule);
      } else if (privateOnly && rule.namespace === rootNamespace)
        this.rootPrivate.add(rule);
    }
  }

  /** Steps 2–3, which do not depend on the client beyond the visibility check. */
  exportedFor(
    host: string,
    serviceNamespace: string,
  ): Array<MergedDestinationRule | undefined> {
    return [
      this.exported.get(serviceNamespace)?.mostSpecific(host),
      this.exported.get(this.rootNamespace)?.mostSpecific(host),
    ];
  }

  /**
   * The client namespaces whose rule for `host` may differ from what an
   * arbitrary namespace gets: those with a local rule for it, those named in
   * the exportTo of a candidate rule, and the root namespace.
   */
  specialNamespaces(
    host: string,
    exported: Array<MergedDestinationRule | undefined>,
  ): Set<string> {
    const out = new Set<string>(this.localHosts.get(host) ?? []);
    for (const w of this.localWildcards) {
      if (w.host === '*' || host.endsWith(w.host.slice(1)))
        out.add(w.namespace);
    }
    for (const c of exported) {
      if (!c) continue;
      for (const e of c.exportTo) {
        if (e === '.') out.add(c.namespace);
        else if (e !== '*' && e !== '~') out.add(e);
      }
    }
    out.add(this.rootNamespace);
    return out;
  }

  lookup(
    clientNamespace: string,
    host: string,
    serviceNamespace: string,
  ): MergedDestinationRule | null {
    return this.lookupWith(
      clientNamespace,
      host,
      this.exportedFor(host, serviceNamespace),
    );
  }

  /** {@link lookup} with steps 2–3 precomputed by {@link exportedFor} (one Service, many clients). */
  lookupWith(
    clientNamespace: string,
    host: string,
    exported: Array<MergedDestinationRule | undefined>,
  ): MergedDestinationRule | null {
    const local =
      clientNamespace === this.rootNamespace
        ? this.rootPrivate.mostSpecific(host)
        : this.local.get(clientNamespace)?.mostSpecific(host);
    return local ?? this.pickExported(exported, clientNamespace);
  }

  /** Steps 2–3 for one client namespace, or (null) for any namespace {@link specialNamespaces} does not list. */
  pickExported(
    candidates: Array<MergedDestinationRule | undefined>,
    clientNamespace: string | null,
  ): MergedDestinationRule | null {
    for (const c of candidates) {
      if (c && visibleTo(c.exportTo, c.namespace, clientNamespace)) return c;
    }
    return null;
  }
}

function pool(map: Map<string, HostPool>, namespace: string): HostPool {
  let p = map.get(namespace);
  if (!p) map.set(namespace, (p = new HostPool()));
  return p;
}

/** The `tls` block in effect for one Service port, with where it came from. */
export interface TlsSetting {
  mode: ClientTlsMode;
  /** `namespace/name` of the DestinationRule that sets it */
  rule: string;
  /** dotted path of the setting inside the rule, for messages and remediation */
  path: string;
}

function portSettings(policy: Dict | null, port: number): Dict | undefined {
  for (const s of asArray(policy?.portLevelSettings)) {
    const setting = asDict(s);
    if (asPort(asDict(setting?.port)?.number) === port) return setting;
  }
  return undefined;
}

/** Unknown modes were reported by {@link readDestinationRule}; here they count as absent. */
function tlsOf(
  holder: Dict | null | undefined,
  rule: string,
  path: string,
): TlsSetting | undefined {
  const tls = asDict(holder?.tls);
  if (!tls) return undefined;
  const mode = tls.mode ?? 'DISABLE'; // the proto default of ClientTLSSettings.mode
  if (typeof mode !== 'string' || !TLS_MODES.has(mode)) return undefined;
  return { mode: mode as ClientTlsMode, rule, path: `${path}.tls` };
}

/**
 * TLS settings precedence for a Service port (cluster_tls.go, MergeTrafficPolicy):
 * subset port-level > subset > rule port-level > rule top-level. Undefined means
 * the rule says nothing about TLS there (auto mTLS decides).
 */
export function tlsFor(
  dr: MergedDestinationRule,
  port: number,
  subset: (DrSubset & { from: string }) | null,
): TlsSetting | undefined {
  const ruleKey = dr.key;
  let setting = tlsOf(dr.trafficPolicy, ruleKey, 'spec.trafficPolicy');
  const pl = portSettings(dr.trafficPolicy, port);
  setting =
    tlsOf(pl, ruleKey, `spec.trafficPolicy.portLevelSettings[port ${port}]`) ??
    setting;
  if (subset) {
    const base = `spec.subsets[${subset.name}].trafficPolicy`;
    setting = tlsOf(subset.trafficPolicy, subset.from, base) ?? setting;
    const spl = portSettings(subset.trafficPolicy, port);
    setting =
      tlsOf(spl, subset.from, `${base}.portLevelSettings[port ${port}]`) ??
      setting;
  }
  return setting;
}

/** Two lookups that name the same rules give the same client TLS. */
export function sameRule(
  a: MergedDestinationRule | null,
  b: MergedDestinationRule | null,
): boolean {
  if (a === b) return true;
  if (!a || !b || a.rules.length !== b.rules.length) return false;
  return a.rules.every((r, i) => r === b.rules[i]);
}
