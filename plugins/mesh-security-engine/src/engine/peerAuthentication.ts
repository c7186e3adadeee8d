import type {
  ModeDecisionStep,
  PolicyMode,
} from '@mesh-security/plugin-mesh-security-common';
import type { NamespacedObject } from './inventory';
import { SelectorIndex } from './selectors';
import {
  asDict,
  asPort,
  isEmpty,
  readSelector,
  sameLabels,
  type Labels,
} from './values';

export type Mode = Exclude<PolicyMode, 'UNSET'>;

export interface PeerAuthPolicy {
  /** `namespace/name` */
  key: string;
  namespace: string;
  name: string;
  created: number;
  /** non-empty matchLabels, or null */
  selector: Labels | null;
  mode: PolicyMode;
  portLevel: Array<{ port: number; mode: PolicyMode }>;
  /**
   * docs/semantics.md §1 scopes; a selector in the root namespace is ignored by
   * Istio; `skipped`: the selector is unreadable (the API server would refuse
   * the object), so the policy applies nowhere
   */
  scope:
    | 'mesh'
    | 'namespace'
    | 'workload'
    | 'root-selector-ignored'
    | 'skipped';
}

const MODES = new Set(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);

function readMode(
  value: unknown,
  where: string,
  warnings: string[],
): PolicyMode {
  const mode = asDict(value)?.mode;
  if (mode === undefined || mode === null) return 'UNSET';
  if (typeof mode === 'string' && MODES.has(mode)) return mode as PolicyMode;
  warnings.push(
    `${where}: unknown mTLS mode ${JSON.stringify(
      mode,
    )}, read as UNSET (inherit)`,
  );
  return 'UNSET';
}

export function readPeerAuthentication(
  obj: NamespacedObject,
  rootNamespace: string,
  warnings: string[],
): PeerAuthPolicy {
  const key = `${obj.namespace}/${obj.name}`;
  const where = `PeerAuthentication ${key}`;
  const matchLabels = readSelector(obj.spec.selector, 'matchLabels', problem =>
    warnings.push(`${where} skipped: ${problem}`),
  );
  if (!matchLabels) {
    // read loosely, it would widen to the whole namespace
    return {
      key,
      namespace: obj.namespace,
      name: obj.name,
      created: obj.created,
      selector: null,
      mode: 'UNSET',
      portLevel: [],
      scope: 'skipped',
    };
  }
  const selector = isEmpty(matchLabels) ? null : matchLabels;
  const portLevel: PeerAuthPolicy['portLevel'] = [];
  const ports = asDict(obj.spec.portLevelMtls);
  if (ports) {
    for (const [k, v] of Object.entries(ports)) {
      const port = asPort(k);
      if (port === undefined) {
        warnings.push(
          `${where}: portLevelMtls key ${JSON.stringify(
            k,
          )} is not a port number, ignored`,
        );
        continue;
      }
      portLevel.push({
        port,
        mode: readMode(v, `${where} port ${port}`, warnings),
      });
    }
    portLevel.sort((a, b) => a.port - b.port);
  }
  if (!selector && portLevel.length > 0) {
    // the CRD rejects this ("portLevelMtls requires selector"); istiod would never see it
    warnings.push(
      `${where}: portLevelMtls without a selector is not valid and was ignored`,
    );
    portLevel.length = 0;
  }
  const inRoot = obj.namespace === rootNamespace;
  let scope: PeerAuthPolicy['scope'];
  if (selector) scope = inRoot ? 'root-selector-ignored' : 'workload';
  else scope = inRoot ? 'mesh' : 'namespace';
  return {
    key,
    namespace: obj.namespace,
    name: obj.name,
    created: obj.created,
    selector,
    mode: readMode(obj.spec.mtls, where, warnings),
    portLevel,
    scope,
  };
}

/** Istio's order among policies of one level: oldest first, then name, then namespace. */
export function byAge<
  T extends { created: number; name: string; namespace: string },
>(a: T, b: T): number {
  if (a.created !== b.created) return a.created - b.created;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

/** The composed inbound mode for one pod (ComposePeerAuthentication). */
export interface Composition {
  mode: Mode;
  decidedBy: string | null;
  chain: ModeDecisionStep[];
  /** target port → effective mode, from the winning workload policy only */
  ports: ReadonlyMap<number, Mode>;
  /** the workload policies selecting the pod, oldest first: [0] wins, the rest are ignored */
  workloadPolicies: PeerAuthPolicy[];
}

/** The ports of every composition without port-level modes: shared, only read. */
const NO_PORTS: ReadonlyMap<number, Mode> = new Map<number, Mode>();

export class PeerAuthIndex {
  readonly policies: PeerAuthPolicy[];
  readonly mesh: PeerAuthPolicy | null;
  readonly namespaceWinners = new Map<string, PeerAuthPolicy>();
  /** mesh- or namespace-level policies that lose to an older one */
  readonly levelLosers: Array<{
    loser: PeerAuthPolicy;
    winner: PeerAuthPolicy;
  }> = [];
  private readonly workload = new Map<string, SelectorIndex<PeerAuthPolicy>>();
  private readonly nsOnly = new Map<string, Composition>();

  constructor(policies: PeerAuthPolicy[]) {
    this.policies = policies.slice().sort(byAge);
    let mesh: PeerAuthPolicy | null = null;
    for (const p of this.policies) {
      if (p.scope === 'mesh') {
        if (mesh) this.levelLosers.push({ loser: p, winner: mesh });
        else mesh = p;
      } else if (p.scope === 'namespace') {
        const winner = this.namespaceWinners.get(p.namespace);
        if (winner) this.levelLosers.push({ loser: p, winner });
        else this.namespaceWinners.set(p.namespace, p);
      } else if (p.scope === 'workload' && p.selector) {
        let index = this.workload.get(p.namespace);
        if (!index)
          this.workload.set(p.namespace, (index = new SelectorIndex()));
        index.add(p.selector, p);
      }
    }
    this.mesh = mesh;
  }

  /** Workload policies in `namespace` whose selector matches `labels`, oldest first. */
  workloadMatches(namespace: string, labels: Labels): PeerAuthPolicy[] {
    const index = this.workload.get(namespace);
    if (!index) return [];
    const matches = index.match(labels);
    return matches.length > 1 ? matches.sort(byAge) : matches;
  }

  private last?: { namespace: string; labels: Labels; result: Composition };

  /** Pods of one workload come in a row with the same labels: the last result is reused. */
  compose(namespace: string, labels: Labels): Composition {
    const last = this.last;
    if (last && last.namespace === namespace && sameLabels(last.labels, labels))
      return last.result;
    const result = this.composeNew(namespace, labels);
    this.last = { namespace, labels, result };
    return result;
  }

  private composeNew(namespace: string, labels: Labels): Composition {
    const workloadPolicies = this.workloadMatches(namespace, labels);
    if (workloadPolicies.length === 0) {
      // Most pods share their namespace's result; compute it once.
      let cached = this.nsOnly.get(namespace);
      if (!cached)
        this.nsOnly.set(namespace, (cached = this.build(namespace, [])));
      return cached;
    }
    return this.build(namespace, workloadPolicies);
  }

  private build(
    namespace: string,
    workloadPolicies: PeerAuthPolicy[],
  ): Composition {
    let mode: Mode = 'PERMISSIVE';
    let decidedBy: string | null = null;
    const chain: ModeDecisionStep[] = [
      {
        level: 'default',
        policy: null,
        mode: 'PERMISSIVE',
        effective: 'PERMISSIVE',
      },
    ];
    const apply = (
      level: 'mesh' | 'namespace' | 'workload',
      p: PeerAuthPolicy | null | undefined,
    ) => {
      if (!p) return;
      if (p.mode !== 'UNSET') {
        mode = p.mode;
        decidedBy = p.key;
      }
      chain.push({ level, policy: p.key, mode: p.mode, effective: mode });
    };
    apply('mesh', this.mesh);
    apply('namespace', this.namespaceWinners.get(namespace));
    const winner = workloadPolicies[0];
    apply('workload', winner);
    let ports = NO_PORTS;
    if (winner && winner.portLevel.length > 0) {
      const byPort = new Map<number, Mode>();
      ports = byPort;
      for (const { port, mode: portMode } of winner.portLevel) {
        const effective: Mode = portMode === 'UNSET' ? mode : portMode;
        byPort.set(port, effective);
        chain.push({
          level: 'port',
          policy: winner.key,
          mode: portMode,
          effective,
          port,
        });
      }
    }
    // an exact copy: the composition lives as long as the report (decisionChain)
    return { mode, decidedBy, chain: chain.slice(), ports, workloadPolicies };
  }
}
