import type {
  AuthzRuleSummary,
  AuthzSource,
} from '@mesh-security/plugin-mesh-security-common';
import {
  namespaceGrantMatches,
  principalGrantMatches,
  serviceAccountGrantMatches,
  type Principal,
} from './principals';

/** A caller as the metrics name it: its certificate's principal, or none for plaintext. */
export interface ObservedCaller {
  /** `namespace/workload` (`unknown/unknown` without peer metadata) */
  workload: string;
  /** null: no client certificate (plaintext) or a principal of another shape */
  principal: Principal | null;
}

/** Whether a rule matches a caller: metrics do not show paths, methods, IPs or JWTs, hence `maybe`. */
export type Match = 'yes' | 'maybe' | 'no';

const RANK: Record<Match, number> = { no: 0, maybe: 1, yes: 2 };
const min = (a: Match, b: Match): Match => (RANK[a] <= RANK[b] ? a : b);
const max = (a: Match, b: Match): Match => (RANK[a] >= RANK[b] ? a : b);

/**
 * One `source` clause against a caller (fields ANDed, values ORed). A caller
 * without a certificate has no identity: identity fields never match it and
 * their `not…` forms always do (Envoy RBAC on an unauthenticated peer).
 */
function sourceMatches(
  source: AuthzSource,
  caller: ObservedCaller,
  domains: string[],
): Match {
  const p = caller.principal;
  let result: Match = 'yes';
  const field = (
    values: string[] | undefined,
    test: (v: string, principal: Principal) => boolean,
    negated: boolean,
  ) => {
    if (!values || values.length === 0) return;
    const hit = p !== null && values.some(v => test(v, p));
    if (negated ? hit : !hit) result = 'no';
  };
  const principal = (v: string, q: Principal) =>
    principalGrantMatches(v, q, domains);
  field(source.principals, principal, false);
  field(source.notPrincipals, principal, true);
  field(source.namespaces, namespaceGrantMatches, false);
  field(source.notNamespaces, namespaceGrantMatches, true);
  field(source.serviceAccounts, serviceAccountGrantMatches, false);
  // what the metrics cannot show narrows a match to "some requests"
  if (
    source.ipBlocks?.length ||
    source.notIpBlocks?.length ||
    source.remoteIpBlocks?.length ||
    source.requestPrincipals?.length
  )
    result = min(result, 'maybe');
  return result;
}

/** One rule: a policy without rules (ruleIndex -1) matches nothing; `to`/`when` narrow it to `maybe`. */
export function ruleMatches(
  rule: AuthzRuleSummary,
  caller: ObservedCaller,
  domains: string[],
): Match {
  if (rule.ruleIndex < 0) return 'no';
  if (rule.matchesEverything) return 'yes';
  let from: Match = rule.from.length === 0 ? 'yes' : 'no';
  for (const source of rule.from)
    from = max(from, sourceMatches(source, caller, domains));
  if (from !== 'no' && (rule.to.length > 0 || rule.when.length > 0))
    return min(from, 'maybe');
  return from;
}

/** What a workload's policies do with every request of a caller. */
export type CallerVerdict =
  | { denied: false }
  | { denied: true; by: 'deny'; rule: AuthzRuleSummary }
  | { denied: true; by: 'no-allow' };

/**
 * Istio's order (CUSTOM is external and left out): a DENY rule that surely
 * matches denies; otherwise, where ALLOW policies exist, a caller no ALLOW rule
 * can match is denied. Only certain denials count: a caller some of whose
 * requests may be allowed is not reported.
 */
export function callerVerdict(
  rules: { allow: AuthzRuleSummary[]; deny: AuthzRuleSummary[] },
  caller: ObservedCaller,
  domains: string[],
): CallerVerdict {
  for (const rule of rules.deny) {
    if (ruleMatches(rule, caller, domains) === 'yes')
      return { denied: true, by: 'deny', rule };
  }
  if (rules.allow.length === 0) return { denied: false };
  const allowed = rules.allow.some(
    r => ruleMatches(r, caller, domains) !== 'no',
  );
  return allowed ? { denied: false } : { denied: true, by: 'no-allow' };
}
