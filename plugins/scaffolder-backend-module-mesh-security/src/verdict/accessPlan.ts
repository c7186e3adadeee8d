import { InputError } from '@backstage/errors';
import type {
  EntityWorkload,
  WorkloadAuthorization,
} from '@mesh-security/plugin-mesh-security-common';
import type { Target } from '../lib/readTarget';
import {
  allowPrincipalsPolicy,
  type PolicyObject,
} from '../manifests/istioPolicies';
import { workloadSelector } from '@mesh-security/mesh-security-engine';

/** A `from` source or `to` operation of a rule: its non-empty fields. */
export type AuthzClause = Record<string, string[]>;

function clause(fields: object): AuthzClause {
  return Object.fromEntries(
    Object.entries(fields).filter(
      (entry): entry is [string, string[]] =>
        Array.isArray(entry[1]) && entry[1].length > 0,
    ),
  );
}

/** One ALLOW rule of the callee, as it is or as proposed. */
export interface WhoMayCallRule {
  /** `namespace/name` of the AuthorizationPolicy */
  policy: string;
  ruleIndex: number;
  /** source clauses as written (`principals`, `namespaces`, …); empty = any source */
  from: AuthzClause[];
  /** operation clauses as written (`methods`, `paths`, …); empty = any operation */
  to: AuthzClause[];
  /** `istio.io/dry-run: "true"`: logged, not enforced */
  dryRun: boolean;
  /** true for the rule this pull request adds */
  proposed: boolean;
}

/** Who may call one callee workload once the pull request is merged. */
export interface WhoMayCall {
  /** `namespace/workload` */
  workload: string;
  cluster: string;
  stanceBefore: WorkloadAuthorization['stance'];
  stanceAfter: WorkloadAuthorization['stance'];
  rules: WhoMayCallRule[];
}

export interface AccessPlan {
  principals: string[];
  policies: PolicyObject[];
  whoMayCall: WhoMayCall[];
  /** callee workloads left as they are, with why */
  skipped: Array<{ workload: string; cluster: string; why: string }>;
  notes: string[];
}

const key = (w: { namespace: string; name: string }) =>
  `${w.namespace}/${w.name}`;

const DEFAULT_TRUST_DOMAIN = 'cluster.local';
const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/** SPIFFE principals (`<trust domain>/ns/<namespace>/sa/<service account>`) of the caller's meshed workloads. */
function callerPrincipals(caller: Target, notes: string[]): string[] {
  const workloads = caller.posture.workloads;
  if (workloads.every(w => w.serviceAccounts.length === 0)) {
    throw new InputError(
      `The workloads of the caller ${caller.entityRef} (${workloads
        .map(key)
        .join(', ')}) have no service account: there is no identity to allow`,
    );
  }
  const meshed = workloads.filter(
    w => w.dataplane !== 'none' && w.serviceAccounts.length > 0,
  );
  if (meshed.length === 0) {
    throw new InputError(
      `No workload of the caller ${caller.entityRef} has a proxy, so none presents an mTLS identity an AuthorizationPolicy can allow: add it to the mesh first`,
    );
  }
  for (const w of workloads) {
    if (meshed.includes(w)) continue;
    notes.push(
      w.dataplane === 'none'
        ? `Caller workload ${key(w)} (${
            w.cluster
          }) has no proxy: it presents no identity and stays unable to call.`
        : `Caller workload ${key(w)} (${
            w.cluster
          }) has no service account: it is not granted.`,
    );
  }
  const principals = new Set<string>();
  for (const w of meshed) {
    const trustDomain = caller.posture.assumptions[w.cluster]?.trustDomain;
    if (!trustDomain) {
      notes.push(
        `The trust domain of cluster ${w.cluster} is not known; ${DEFAULT_TRUST_DOMAIN} is assumed.`,
      );
    }
    for (const sa of w.serviceAccounts) {
      principals.add(
        `${trustDomain ?? DEFAULT_TRUST_DOMAIN}/ns/${w.namespace}/sa/${sa}`,
      );
    }
  }
  return [...principals].sort();
}

/** An unconditional ALLOW rule that already names every principal. */
function alreadyAllowedBy(
  authorization: WorkloadAuthorization,
  principals: string[],
): string | undefined {
  const rule = authorization.allow.find(
    r =>
      !r.dryRun &&
      r.to.length === 0 &&
      r.when.length === 0 &&
      principals.every(p =>
        r.from.some(source => source.principals?.includes(p)),
      ),
  );
  return rule?.policy;
}

/** Why a callee workload needs no new rule, or undefined when it does. */
function noNeed(w: EntityWorkload, principals: string[]): string | undefined {
  const { stance } = w.authorization;
  if (w.unknownKinds?.includes('AuthorizationPolicy')) return undefined;
  if (stance === 'no-policy') {
    return 'no ALLOW policy applies, so every caller may call it already; an ALLOW policy for one caller would deny all the others';
  }
  if (stance === 'allow-all') return 'an ALLOW rule admits every caller';
  const by = alreadyAllowedBy(w.authorization, principals);
  return by ? `${by} allows these principals already` : undefined;
}

/** Why no policy is written for a callee workload, or undefined when one is. */
function whyLeftAlone(
  callee: Target,
  w: EntityWorkload,
  principals: string[],
): string | undefined {
  if (w.dataplane === 'none') {
    return 'it has no proxy: nothing enforces an AuthorizationPolicy there';
  }
  const root =
    callee.posture.assumptions[w.cluster]?.rootNamespace ??
    DEFAULT_ROOT_NAMESPACE;
  if (w.namespace === root) {
    return `it runs in Istio's root namespace ${root}, where a policy applies to the whole mesh`;
  }
  return noNeed(w, principals);
}

function calleeTargets(callee: Target, principals: string[]) {
  const targets: EntityWorkload[] = [];
  const skipped: AccessPlan['skipped'] = [];
  for (const w of callee.posture.workloads) {
    const why = whyLeftAlone(callee, w, principals);
    if (why) skipped.push({ workload: key(w), cluster: w.cluster, why });
    else targets.push(w);
  }
  if (targets.length === 0) {
    throw new InputError(
      `Nothing to change for ${callee.entityRef}: ${skipped
        .map(s => `${s.workload} (${s.cluster}): ${s.why}`)
        .join('; ')}`,
    );
  }
  return { targets, skipped };
}

/**
 * Plans an ALLOW rule for the caller's principals on each callee workload
 * that needs one, and the "who may call" that results. A dry-run policy is
 * logged by Istio, not enforced: the stance does not change.
 */
export function planAccess(
  callee: Target,
  caller: Target,
  options: { dryRun: boolean },
): AccessPlan {
  const notes: string[] = [];
  const principals = callerPrincipals(caller, notes);
  const { targets, skipped } = calleeTargets(callee, principals);
  const callerName = caller.entity.metadata.name;

  const policies: PolicyObject[] = [];
  const whoMayCall: WhoMayCall[] = [];
  const seen = new Set<string>();
  for (const w of targets) {
    const others = callee.posture.workloads
      .filter(
        o => o !== w && o.cluster === w.cluster && o.namespace === w.namespace,
      )
      .map(o => o.labels);
    const policy = allowPrincipalsPolicy({
      namespace: w.namespace,
      name: `${w.name}-allow-${callerName}`,
      selector: workloadSelector(w.labels, others),
      principals,
      dryRun: options.dryRun,
    });
    const id = `${w.namespace}/${policy.metadata.name}`;
    // the same workload in several clusters gets one policy
    if (!seen.has(id)) {
      seen.add(id);
      policies.push(policy);
    }
    const before = w.authorization.stance;
    if (w.unknownKinds?.includes('AuthorizationPolicy')) {
      notes.push(
        `The AuthorizationPolicies of cluster ${
          w.cluster
        } could not be read: the current rules of ${key(w)} are not known.`,
      );
    }
    if (w.authorization.deny.length > 0 || w.authorization.custom.length > 0) {
      const applied = [...w.authorization.custom, ...w.authorization.deny];
      notes.push(
        `${key(w)} also has ${applied
          .map(r => `${r.action} ${r.policy}`)
          .filter((v, i, all) => all.indexOf(v) === i)
          .join(', ')}: Istio checks them before ALLOW rules.`,
      );
    }
    whoMayCall.push({
      workload: key(w),
      cluster: w.cluster,
      stanceBefore: before,
      stanceAfter: options.dryRun ? before : 'restricted',
      rules: [
        ...w.authorization.allow.map(r => ({
          policy: r.policy,
          ruleIndex: r.ruleIndex,
          from: r.from.map(clause),
          to: r.to.map(clause),
          dryRun: r.dryRun,
          proposed: false,
        })),
        {
          policy: id,
          ruleIndex: 0,
          from: [{ principals }],
          to: [],
          dryRun: options.dryRun,
          proposed: true,
        },
      ],
    });
  }
  if (options.dryRun) {
    notes.push(
      'The policy is marked istio.io/dry-run: Istio logs what it would allow and enforces nothing; remove the annotation to grant access.',
    );
  }
  return { principals, policies, whoMayCall, skipped, notes };
}
