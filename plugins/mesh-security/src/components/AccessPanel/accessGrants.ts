import type {
  AuthzCondition,
  AuthzOperation,
  AuthzRuleSummary,
  AuthzSource,
  Finding,
  WorkloadAuthorization,
} from '@mesh-security/plugin-mesh-security-common';

export type GrantFlag =
  | 'unused'
  | 'unknown service account'
  | 'unknown namespace';

export interface GrantedSource {
  kind:
    | 'principal'
    | 'namespace'
    | 'service account'
    | 'IP block'
    | 'request principal';
  value: string;
  /** written under a `not…` field: everyone except this */
  negated: boolean;
  flags: GrantFlag[];
}

export interface AccessGrant {
  policy: string;
  ruleIndex: number;
  dryRun: boolean;
  /** empty = any caller */
  sources: GrantedSource[];
  /** "GET, POST /api/*" style lines; empty = any operation */
  operations: string[];
  conditions: string[];
}

const SOURCE_FIELDS: Array<
  [keyof AuthzSource, GrantedSource['kind'], boolean]
> = [
  ['principals', 'principal', false],
  ['notPrincipals', 'principal', true],
  ['namespaces', 'namespace', false],
  ['notNamespaces', 'namespace', true],
  ['serviceAccounts', 'service account', false],
  ['ipBlocks', 'IP block', false],
  ['notIpBlocks', 'IP block', true],
  ['remoteIpBlocks', 'IP block', false],
  ['requestPrincipals', 'request principal', false],
];

const FLAG_BY_RULE: Partial<Record<Finding['rule'], GrantFlag>> = {
  'authz-unused-grant': 'unused',
  'authz-unknown-principal': 'unknown service account',
  'authz-unknown-namespace': 'unknown namespace',
};

/** Principals are compared without the `spiffe://` scheme metrics add. */
const grantKey = (grant: string) => grant.replace(/^spiffe:\/\//, '');

/**
 * The ALLOW rules of a workload as "who may call what", each principal or
 * namespace flagged by the findings that name it (`detail.grant`). A finding
 * whose subject is another policy of this workload flags only that policy.
 */
export function accessGrants(
  authorization: WorkloadAuthorization,
  findings: Finding[],
): AccessGrant[] {
  // indexed by grant: a busy workload has hundreds of rules and findings
  const findingsByGrant = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!FLAG_BY_RULE[f.rule] || typeof f.detail?.grant !== 'string') continue;
    const key = grantKey(f.detail.grant);
    const list = findingsByGrant.get(key);
    if (list) list.push(f);
    else findingsByGrant.set(key, [f]);
  }
  const ownPolicies = new Set(authorization.policies);
  const flagsFor = (rule: AuthzRuleSummary, value: string): GrantFlag[] => {
    const flags = (findingsByGrant.get(grantKey(value)) ?? [])
      .filter(f => f.subject === rule.policy || !ownPolicies.has(f.subject))
      .map(f => FLAG_BY_RULE[f.rule]!);
    return [...new Set(flags)];
  };
  return authorization.allow.map(rule => ({
    policy: rule.policy,
    ruleIndex: rule.ruleIndex,
    dryRun: rule.dryRun,
    sources: rule.from.flatMap(source =>
      SOURCE_FIELDS.flatMap(([field, kind, negated]) =>
        (source[field] ?? []).map(value => ({
          kind,
          value,
          negated,
          flags: negated ? [] : flagsFor(rule, value),
        })),
      ),
    ),
    operations: rule.to.map(describeOperation),
    conditions: rule.when.map(describeCondition),
  }));
}

/** `key in [a, b] not in [c]` */
export function describeCondition(c: AuthzCondition): string {
  const parts = [c.key];
  if (c.values?.length) parts.push(`in [${c.values.join(', ')}]`);
  if (c.notValues?.length) parts.push(`not in [${c.notValues.join(', ')}]`);
  return parts.join(' ');
}

/** `GET, POST /api/* port 8080 except /admin` */
export function describeOperation(op: AuthzOperation): string {
  const parts: string[] = [];
  parts.push(op.methods?.length ? op.methods.join(', ') : 'any method');
  if (op.paths?.length) parts.push(op.paths.join(', '));
  if (op.ports?.length) parts.push(`port ${op.ports.join(', ')}`);
  if (op.hosts?.length) parts.push(`host ${op.hosts.join(', ')}`);
  const except = [
    ...(op.notMethods ?? []),
    ...(op.notPaths ?? []),
    ...(op.notPorts ?? []).map(p => `port ${p}`),
    ...(op.notHosts ?? []).map(h => `host ${h}`),
  ];
  if (except.length) parts.push(`except ${except.join(', ')}`);
  return parts.join(' ');
}

export const STANCE_TEXT: Record<WorkloadAuthorization['stance'], string> = {
  'no-policy':
    'No ALLOW policy applies: any caller that can reach the workload may call it.',
  'allow-all':
    'An ALLOW rule without conditions ({}) lets every caller through.',
  'allow-nothing':
    'ALLOW policies apply but none has a rule: every request is denied.',
  restricted:
    'Only the callers below may call, minus what DENY or CUSTOM policies reject.',
};
