import type {
  AuthzCondition,
  AuthzOperation,
  AuthzRuleSummary,
  AuthzSource,
  WorkloadAuthorization,
} from '@mesh-security/plugin-mesh-security-common';
import type { NamespacedObject } from './inventory';
import { SelectorIndex } from './selectors';
import {
  asArray,
  asDict,
  asPort,
  asString,
  asStrings,
  byText,
  isEmpty,
  readSelector,
  sameLabels,
  type Dict,
  type Labels,
} from './values';

type Action = AuthzRuleSummary['action'];
const ACTIONS = new Set<Action>(['ALLOW', 'DENY', 'CUSTOM', 'AUDIT']);

const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'requestPrincipals',
] as const;
const OPERATION_FIELDS = [
  'hosts',
  'ports',
  'methods',
  'paths',
  'notHosts',
  'notPorts',
  'notMethods',
  'notPaths',
] as const;

/** Source fields that only an authenticated (mTLS) peer can satisfy (docs/semantics.md §4). */
const IDENTITY_SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
];
const IDENTITY_CONDITIONS = new Set([
  'source.principal',
  'source.namespace',
  'source.serviceAccount',
  'connection.sni',
]);
/** Fields Istio drops on TCP ports (authz model.go `checkError`). */
const HTTP_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals'];
const HTTP_OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
];

/** Which target ports one operation reaches; `ports: null` = any. */
interface PortMatch {
  ports: ReadonlySet<number> | null;
  notPorts: ReadonlySet<number>;
}

/** What the findings need to know about one rule beyond its summary. */
export interface RuleAnalysis {
  summary: AuthzRuleSummary;
  usesIdentity: boolean;
  /** HTTP-only field names used in the rule */
  httpFields: string[];
  /** empty = every port */
  portMatches: PortMatch[];
  /** principals named by `from` or `source.principal` conditions */
  principals: string[];
  /** namespaces named by `from` or `source.namespace` conditions */
  namespaces: string[];
}

export interface AuthzPolicyRecord {
  key: string;
  namespace: string;
  name: string;
  action: Action;
  /** non-empty matchLabels or null */
  selector: Labels | null;
  /** targetRefs policies are for gateways and waypoints; sidecars and ztunnel ignore them */
  hasTargetRefs: boolean;
  dryRun: boolean;
  /** no `rules` at all: never matches (ALLOW then denies everything) */
  noRules: boolean;
  rules: RuleAnalysis[];
  scope: 'mesh' | 'mesh-selector' | 'namespace' | 'selector';
}

function compact<T extends string>(
  dict: Dict | undefined,
  fields: readonly T[],
): Partial<Record<T, string[]>> {
  const out: Partial<Record<T, string[]>> = {};
  if (!dict) return out;
  for (const f of fields) {
    const raw = dict[f];
    if (!Array.isArray(raw) || raw.length === 0) continue;
    const values = raw.every(v => typeof v === 'string')
      ? (raw as string[])
      : raw
          .filter(v => typeof v === 'string' || typeof v === 'number')
          .map(String);
    if (values.length > 0) out[f] = values;
  }
  return out;
}

/** Shared by every operation without `notPorts`: only read (`has`), never written. */
const NO_PORTS: ReadonlySet<number> = new Set<number>();

function portSet(values: string[] | undefined): ReadonlySet<number> {
  if (!values || values.length === 0) return NO_PORTS;
  const out = new Set<number>();
  for (const v of values) {
    const p = asPort(v);
    if (p) out.add(p);
  }
  return out.size === 0 ? NO_PORTS : out;
}

/**
 * A copy without the spare capacity `push` leaves (17 slots at least) in the
 * arrays the engine keeps (rule analyses, summaries shared by the report):
 * the pushed-to array is short-lived, the copy is exactly as long as it holds.
 */
function exact<T>(values: T[]): T[] {
  return values.length === 0 ? [] : values.slice();
}

export function ruleReachesPort(rule: RuleAnalysis, port: number): boolean {
  if (rule.portMatches.length === 0) return true;
  return rule.portMatches.some(
    m => (!m.ports || m.ports.has(port)) && !m.notPorts.has(port),
  );
}

function analyzeRule(
  policy: string,
  action: Action,
  dryRun: boolean,
  raw: unknown,
  index: number,
): RuleAnalysis {
  const rule = asDict(raw) ?? {};
  const from: AuthzSource[] = [];
  const to: AuthzOperation[] = [];
  const when: AuthzCondition[] = [];
  let usesIdentity = false;
  const httpFields: string[] = [];
  const http = (field: string) => {
    if (!httpFields.includes(field)) httpFields.push(field);
  };
  const principals: string[] = [];
  const namespaces: string[] = [];
  const portMatches: PortMatch[] = [];

  for (const f of asArray(rule.from)) {
    const source = asDict(asDict(f)?.source);
    if (!source) continue;
    from.push(compact(source, SOURCE_FIELDS));
    for (const field of IDENTITY_SOURCE_FIELDS)
      if (asArray(source[field]).length > 0) usesIdentity = true;
    for (const field of HTTP_SOURCE_FIELDS)
      if (asArray(source[field]).length > 0) http(field);
    principals.push(
      ...asStrings(source.principals),
      ...asStrings(source.notPrincipals),
    );
    namespaces.push(
      ...asStrings(source.namespaces),
      ...asStrings(source.notNamespaces),
    );
  }
  for (const t of asArray(rule.to)) {
    const operation = asDict(asDict(t)?.operation);
    if (!operation) continue;
    const op = compact(operation, OPERATION_FIELDS);
    to.push(op);
    for (const field of HTTP_OPERATION_FIELDS)
      if (op[field as keyof AuthzOperation]) http(field);
    portMatches.push({
      ports: op.ports ? portSet(op.ports) : null,
      notPorts: portSet(op.notPorts),
    });
  }
  for (const w of asArray(rule.when)) {
    const cond = asDict(w);
    const key = asString(cond?.key);
    if (!cond || !key) continue;
    const values = asStrings(cond.values);
    const notValues = asStrings(cond.notValues);
    when.push({
      key,
      ...(values.length ? { values } : {}),
      ...(notValues.length ? { notValues } : {}),
    });
    if (IDENTITY_CONDITIONS.has(key)) usesIdentity = true;
    if (key.startsWith('request.')) http(`when ${key}`);
    if (key === 'source.principal') principals.push(...values, ...notValues);
    if (key === 'source.namespace') namespaces.push(...values, ...notValues);
  }
  return {
    summary: {
      policy,
      action,
      ruleIndex: index,
      from: exact(from),
      to: exact(to),
      when: exact(when),
      matchesEverything:
        from.length === 0 && to.length === 0 && when.length === 0,
      dryRun,
    },
    usesIdentity,
    httpFields: exact(httpFields),
    // an operation list that failed to parse entirely still restricts nothing
    portMatches: to.length === 0 ? [] : exact(portMatches),
    principals: exact(principals),
    namespaces: exact(namespaces),
  };
}

export function readAuthorizationPolicy(
  obj: NamespacedObject,
  rootNamespace: string,
  warnings: string[],
): AuthzPolicyRecord | null {
  const key = `${obj.namespace}/${obj.name}`;
  const rawAction = obj.spec.action ?? 'ALLOW';
  if (typeof rawAction !== 'string' || !ACTIONS.has(rawAction as Action)) {
    warnings.push(
      `AuthorizationPolicy ${key} skipped: unknown action ${JSON.stringify(
        rawAction,
      )}`,
    );
    return null;
  }
  const action = rawAction as Action;
  const matchLabels = readSelector(obj.spec.selector, 'matchLabels', problem =>
    warnings.push(`AuthorizationPolicy ${key} skipped: ${problem}`),
  );
  // read loosely, it would widen to the whole namespace
  if (!matchLabels) return null;
  const selector = isEmpty(matchLabels) ? null : matchLabels;
  const hasTargetRefs =
    asArray(obj.spec.targetRefs).length > 0 ||
    asDict(obj.spec.targetRef) !== undefined;
  const dryRun = obj.annotations['istio.io/dry-run'] === 'true';
  const rawRules = obj.spec.rules;
  const noRules = !Array.isArray(rawRules) || rawRules.length === 0;
  const rules = noRules
    ? [
        {
          summary: {
            policy: key,
            action,
            ruleIndex: -1,
            from: [],
            to: [],
            when: [],
            matchesEverything: false,
            dryRun,
          },
          usesIdentity: false,
          httpFields: [],
          portMatches: [],
          principals: [],
          namespaces: [],
        },
      ]
    : (rawRules as unknown[]).map((r, i) =>
        analyzeRule(key, action, dryRun, r, i),
      );
  const inRoot = obj.namespace === rootNamespace;
  return {
    key,
    namespace: obj.namespace,
    name: obj.name,
    action,
    selector,
    hasTargetRefs,
    dryRun,
    noRules,
    rules,
    scope: scopeOf(inRoot, selector !== null),
  };
}

function scopeOf(
  inRoot: boolean,
  hasSelector: boolean,
): AuthzPolicyRecord['scope'] {
  if (inRoot) return hasSelector ? 'mesh-selector' : 'mesh';
  return hasSelector ? 'selector' : 'namespace';
}

/** Which policies apply to a pod (docs/semantics.md §4 targets). */
export class AuthorizationIndex {
  private readonly meshWide: AuthzPolicyRecord[] = [];
  private readonly rootSelectors = new SelectorIndex<AuthzPolicyRecord>();
  private readonly namespaceWide = new Map<string, AuthzPolicyRecord[]>();
  private readonly selectors = new Map<
    string,
    SelectorIndex<AuthzPolicyRecord>
  >();

  constructor(readonly policies: AuthzPolicyRecord[]) {
    for (const p of policies) {
      if (p.hasTargetRefs) continue;
      if (p.scope === 'mesh') this.meshWide.push(p);
      else if (p.scope === 'mesh-selector')
        this.rootSelectors.add(p.selector!, p);
      else if (p.scope === 'namespace') {
        const list = this.namespaceWide.get(p.namespace);
        if (list) list.push(p);
        else this.namespaceWide.set(p.namespace, [p]);
      } else {
        let index = this.selectors.get(p.namespace);
        if (!index)
          this.selectors.set(p.namespace, (index = new SelectorIndex()));
        index.add(p.selector!, p);
      }
    }
  }

  private last?: {
    namespace: string;
    labels: Labels;
    result: AuthzPolicyRecord[];
  };

  /** Policies that apply to a pod, sorted by key; consecutive pods with the same labels share the result. */
  applicable(namespace: string, labels: Labels): AuthzPolicyRecord[] {
    const last = this.last;
    if (last && last.namespace === namespace && sameLabels(last.labels, labels))
      return last.result;
    const result = this.compute(namespace, labels);
    this.last = { namespace, labels, result };
    return result;
  }

  private compute(namespace: string, labels: Labels): AuthzPolicyRecord[] {
    const out = this.meshWide.slice();
    if (this.rootSelectors.size > 0)
      out.push(...this.rootSelectors.match(labels));
    const nsWide = this.namespaceWide.get(namespace);
    if (nsWide) out.push(...nsWide);
    const index = this.selectors.get(namespace);
    if (index) out.push(...index.match(labels));
    // scopes are exclusive, so no policy appears twice
    return out.length > 1 ? out.sort((a, b) => byText(a.key, b.key)) : out;
  }
}

/** The effective authorization of a workload from the policies that apply to it. */
export function workloadAuthorization(
  policies: AuthzPolicyRecord[],
): WorkloadAuthorization {
  const auth: WorkloadAuthorization = {
    policies: policies.map(p => p.key),
    stance: 'no-policy',
    custom: [],
    deny: [],
    allow: [],
    audit: [],
  };
  let enforcedAllow = 0;
  let allowAll = false;
  let allowRules = 0;
  for (const p of policies) {
    const list = {
      ALLOW: auth.allow,
      DENY: auth.deny,
      CUSTOM: auth.custom,
      AUDIT: auth.audit,
    }[p.action];
    for (const r of p.rules) list.push(r.summary);
    if (p.action !== 'ALLOW' || p.dryRun) continue;
    enforcedAllow++;
    if (!p.noRules) allowRules += p.rules.length;
    if (p.rules.some(r => r.summary.matchesEverything)) allowAll = true;
  }
  // filled through push; the report keeps exact copies
  auth.custom = exact(auth.custom);
  auth.deny = exact(auth.deny);
  auth.allow = exact(auth.allow);
  auth.audit = exact(auth.audit);
  if (allowAll) auth.stance = 'allow-all';
  else if (enforcedAllow > 0)
    auth.stance = allowRules === 0 ? 'allow-nothing' : 'restricted';
  return auth;
}
