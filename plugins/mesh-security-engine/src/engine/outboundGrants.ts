import {
  MAY_CALL_LIMIT,
  type AuthzRuleSummary,
  type AuthzSource,
  type OutboundGrant,
  type WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { istioMatch } from './traffic/principals';
import { byText } from './values';

/** One identity a workload presents: `<trustDomain>/ns/<ns>/sa/<sa>`. */
interface Identity {
  workload: string;
  namespace: string;
  /** `<ns>/<sa>`, the form `serviceAccounts` grants use */
  serviceAccount: string;
  principal: string;
}

type Via = OutboundGrant['via'];

/** A workload a rule names, and the first value that named it (most specific field wins). */
interface Named {
  workload: string;
  via: Via;
  grant: string;
}

/** A rule's named workloads while its targets are visited. */
interface RuleHits {
  /** named workloads whose list still has room */
  active: Named[];
  /** targets visited so far */
  targets: number;
  /** workloads whose list filled up, with the target count from which they were left out */
  full?: Map<string, number>;
}

const VIA_RANK: Record<Via, number> = {
  principal: 0,
  serviceAccount: 1,
  namespace: 2,
};

/** A field names someone when it holds a value other than `*` (any authenticated caller). */
function names(values: string[] | undefined): boolean {
  return !!values && values.some(v => v !== '*');
}

/**
 * Strings to items, answering Istio's exact, `prefix*` and `*suffix` patterns
 * (docs/semantics.md §4) with a map lookup or a binary search over sorted keys,
 * so a pattern costs log n plus its matches instead of a scan. A bare `*`
 * matches nothing here: "any authenticated caller" names no one.
 */
class PatternIndex<T> {
  private readonly exact = new Map<string, T[]>();
  private sorted?: string[];
  private reversed?: string[];

  add(key: string, item: T): void {
    const list = this.exact.get(key);
    if (list) list.push(item);
    else this.exact.set(key, [item]);
  }

  match(pattern: string): T[] {
    if (pattern === '*') return [];
    // same precedence as istioMatch: a trailing `*` makes a prefix
    if (pattern.endsWith('*')) {
      this.sorted ??= [...this.exact.keys()].sort(byText);
      return this.collect(this.sorted, pattern.slice(0, -1), k => k);
    }
    if (pattern.startsWith('*')) {
      this.reversed ??= [...this.exact.keys()].map(reverse).sort(byText);
      return this.collect(this.reversed, reverse(pattern.slice(1)), reverse);
    }
    return this.exact.get(pattern) ?? [];
  }

  private collect(
    keys: string[],
    prefix: string,
    original: (k: string) => string,
  ): T[] {
    const out: T[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length; i++) {
      if (!keys[i].startsWith(prefix)) break;
      out.push(...this.exact.get(original(keys[i]))!);
    }
    return out;
  }
}

function reverse(s: string): string {
  return s.split('').reverse().join('');
}

function lowerBound(keys: string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * istiod rewrites a principal whose trust domain is local into one entry per
 * local trust domain. Workloads are certified by the mesh trust domain only, so
 * of those entries just the one with the mesh trust domain can match: the grant
 * is rewritten to it once instead of being expanded per alias.
 */
function principalPattern(
  grant: string,
  trustDomain: string,
  localDomains: ReadonlySet<string>,
): string {
  const slash = grant.indexOf('/');
  if (slash <= 0) return grant;
  const domain = grant.slice(0, slash);
  if (domain.includes('*') || !localDomains.has(domain)) return grant;
  return trustDomain + grant.slice(slash);
}

/**
 * For every meshed workload, the ALLOW and DENY rules of other workloads'
 * policies whose `from` names its identity through `principals`, `namespaces`
 * or `serviceAccounts` (docs/semantics.md §4: fields of a source are ANDed, values
 * ORed, `not…` values exclude). Near-linear: identities are indexed once, each
 * distinct rule is resolved once however many workloads it applies to, and
 * each value is one lookup. Policies of workloads without a proxy are not
 * enforced, so they grant and deny nothing.
 *
 * Entries follow the workloads' order (the target), then ALLOW before DENY,
 * then the order of the target's policies; at most `limit` per workload, the
 * rest only counted.
 */
export function outboundGrants(
  workloads: Iterable<readonly [string, WorkloadPosture]>,
  trustDomain: string,
  localDomains: readonly string[],
  limit: number = MAY_CALL_LIMIT,
): {
  /** for every meshed workload, possibly empty */
  grants: Map<string, OutboundGrant[]>;
  /** entries beyond `limit`, per workload that had any */
  omitted: Map<string, number>;
} {
  const local = new Set(localDomains);
  const byPrincipal = new PatternIndex<Identity>();
  const byNamespace = new PatternIndex<Identity>();
  const byServiceAccount = new Map<string, Identity[]>();
  const out = new Map<string, OutboundGrant[]>();
  const meshed: Array<readonly [string, WorkloadPosture]> = [];
  for (const entry of workloads) {
    const [key, w] = entry;
    if (!w.inMesh) continue;
    meshed.push(entry);
    out.set(key, []);
    for (const sa of w.serviceAccounts) {
      const id: Identity = {
        workload: key,
        namespace: w.namespace,
        serviceAccount: `${w.namespace}/${sa}`,
        principal: `${trustDomain}/ns/${w.namespace}/sa/${sa}`,
      };
      byPrincipal.add(id.principal, id);
      byNamespace.add(id.namespace, id);
      const list = byServiceAccount.get(id.serviceAccount);
      if (list) list.push(id);
      else byServiceAccount.set(id.serviceAccount, [id]);
    }
  }

  const pattern = (grant: string) =>
    principalPattern(grant, trustDomain, local);
  // `cluster.local/*` names every caller of the mesh, as `*` does: no one in particular
  const anyLocal = `${trustDomain}/*`;
  /** Whether an identity satisfies every identity field of a source (`*` = any identity). */
  const satisfies = (source: AuthzSource, id: Identity): boolean =>
    (!source.principals ||
      source.principals.some(g => istioMatch(pattern(g), id.principal))) &&
    (!source.serviceAccounts ||
      source.serviceAccounts.includes(id.serviceAccount)) &&
    (!source.namespaces ||
      source.namespaces.some(g => istioMatch(g, id.namespace))) &&
    !source.notPrincipals?.some(g => istioMatch(pattern(g), id.principal)) &&
    !source.notNamespaces?.some(g => istioMatch(g, id.namespace));

  const named = (rule: AuthzRuleSummary): Named[] => {
    const found = new Map<string, Named>();
    const note = (id: Identity, via: Via, grant: string, src: AuthzSource) => {
      const seen = found.get(id.workload);
      if (seen && VIA_RANK[seen.via] <= VIA_RANK[via]) return;
      if (satisfies(src, id))
        found.set(id.workload, { workload: id.workload, via, grant });
    };
    for (const source of rule.from) {
      // The fields are ANDed, so the candidates of the most specific field that
      // names someone suffice; `satisfies` checks the others.
      const principals = source.principals?.filter(
        g => pattern(g) !== anyLocal,
      );
      if (names(principals)) {
        for (const g of principals!)
          for (const id of byPrincipal.match(pattern(g)))
            note(id, 'principal', g, source);
      } else if (names(source.serviceAccounts)) {
        for (const g of source.serviceAccounts!)
          for (const id of byServiceAccount.get(g) ?? [])
            note(id, 'serviceAccount', g, source);
      } else if (names(source.namespaces)) {
        for (const g of source.namespaces!)
          for (const id of byNamespace.match(g))
            note(id, 'namespace', g, source);
      }
    }
    // exact length (a spread grows like push): kept while the targets are visited
    const list = new Array<Named>(found.size);
    let i = 0;
    for (const n of found.values()) list[i++] = n;
    return list;
  };

  // A namespace-wide or mesh-wide rule appears in many workloads' summaries,
  // and its entries multiply: names × targets. Past the limit a workload leaves
  // the rule's active names and is only counted, so the work stays linear.
  const resolved = new Map<AuthzRuleSummary, RuleHits>();
  const add = (
    target: string,
    action: OutboundGrant['action'],
    rule: AuthzRuleSummary,
  ) => {
    if (rule.from.length === 0 || rule.ruleIndex < 0) return;
    let hits = resolved.get(rule);
    if (!hits) {
      hits = { active: named(rule), targets: 0 };
      resolved.set(rule, hits);
    }
    if (hits.active.length === 0 && !hits.full) return;
    const index = hits.targets++;
    // a full workload that is this target is not left out of anything here
    const fullSince = hits.full?.get(target);
    if (fullSince !== undefined) hits.full!.set(target, fullSince + 1);
    let kept = 0;
    for (const n of hits.active) {
      const grants = out.get(n.workload)!;
      if (n.workload !== target) {
        if (grants.length >= limit) {
          (hits.full ??= new Map()).set(n.workload, index);
          continue;
        }
        grants.push({
          target,
          policy: rule.policy,
          ruleIndex: rule.ruleIndex,
          action,
          via: n.via,
          grant: n.grant,
          to: rule.to,
          when: rule.when,
          dryRun: rule.dryRun,
        });
      }
      hits.active[kept++] = n;
    }
    hits.active.length = kept;
  };
  for (const [key, w] of meshed) {
    for (const rule of w.authorization.allow) add(key, 'ALLOW', rule);
    for (const rule of w.authorization.deny) add(key, 'DENY', rule);
  }
  const omitted = new Map<string, number>();
  for (const hits of resolved.values())
    for (const [workload, since] of hits.full ?? [])
      if (hits.targets > since)
        omitted.set(
          workload,
          (omitted.get(workload) ?? 0) + hits.targets - since,
        );
  return { grants: out, omitted };
}
