/**
 * The posture report: what the engine computes from cluster objects (+ optional
 * metrics) and what every view (entity tab, scorecards, tags, CLI) reads.
 * Names follow the finding catalog (ruleCatalog.ts, docs/rules.md); keep them stable.
 */
import type { MeshTraffic, WorkloadTraffic } from './metrics';

/** @public */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Most severe first. @public */
export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

/** Effective inbound mode of a workload; NONE = no proxy (plaintext only, nothing enforced). @public */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'NONE';

/** A mode as written in a PeerAuthentication. @public */
export type PolicyMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

/** @public */
export type Dataplane = 'sidecar' | 'ambient' | 'none';

/** MeshConfig values the report was computed with (defaults when absent). @public */
export interface MeshAssumptions {
  rootNamespace: string;
  enableAutoMtls: boolean;
  trustDomain: string;
  trustDomainAliases: string[];
  /** namespace of the `istio` ConfigMap that was read, or null when defaults were used */
  meshConfigSource: string | null;
}

/** One step of the PeerAuthentication composition, mesh → namespace → workload → port. @public */
export interface ModeDecisionStep {
  level: 'default' | 'mesh' | 'namespace' | 'workload' | 'port';
  /** `namespace/name` of the PeerAuthentication, null for Istio's default */
  policy: string | null;
  /** the mode as written (UNSET = inherit) */
  mode: PolicyMode;
  /** the composed mode after this step */
  effective: Exclude<PolicyMode, 'UNSET'>;
  port?: number;
}

/** @public */
export interface WorkloadPosture {
  namespace: string;
  name: string;
  /** Deployment, StatefulSet, DaemonSet, CronJob, Job, ReplicaSet or Pod */
  kind: string;
  inMesh: boolean;
  dataplane: Dataplane;
  mtlsMode: MtlsMode;
  /** ambient only, when the policy says something else than ztunnel does */
  declaredMode?: MtlsMode;
  /** target ports whose mode differs from mtlsMode */
  portModes?: Record<string, MtlsMode>;
  /** `namespace/name` of the PeerAuthentication in effect, null when none applies */
  decidedBy: string | null;
  decisionChain: ModeDecisionStep[];
  /** pod names aggregated into this workload; empty for a declared workload */
  pods: string[];
  /**
   * true when no Pod of the workload was in the input (a folder of manifests):
   * it is judged from its controller's pod template, as its Pods would be admitted
   */
  declared?: boolean;
  /**
   * why the workload is left out of coverage counts: it runs the control plane
   * (the control-plane or root namespace), or on the host network (never meshable)
   */
  coverageExcluded?: 'control-plane' | 'host-network';
  /**
   * true when its proxy is a gateway (a Gateway API or injected gateway):
   * its listeners come from Gateway servers, PeerAuthentication modes do not apply
   */
  gateway?: boolean;
  /** true when pods of this workload disagree on dataplane or mode (reported, never averaged) */
  mixedPods: boolean;
  /** labels of the first pod (the workload's pod template) */
  labels: Record<string, string>;
  serviceAccounts: string[];
  /** container ports served by the pods */
  ports: number[];
  /** `namespace/name` of Services selecting these pods */
  services: string[];
  authorization: WorkloadAuthorization;
  /**
   * What this workload's identity is named in: the ALLOW and DENY rules of
   * OTHER workloads' policies whose `from` names one of its principals, its
   * namespace or one of its service accounts. Wildcard grants of any
   * authenticated caller (`*`, `<trust domain>/*`) are left out. Empty when no policy names the identity;
   * absent for a workload without a proxy (it presents no identity a policy can
   * match) and in reports from engines that predate the field.
   */
  mayCall?: OutboundGrant[];
  /**
   * Entries left out of `mayCall` beyond the engine's limit per workload
   * ({@link MAY_CALL_LIMIT}): a broad grant in a mesh-wide policy (e.g.
   * `cluster.local/ns/prod/*` from the root namespace) names a workload once
   * per workload of the mesh. Absent when nothing was left out.
   */
  mayCallOmitted?: number;
  /** present only when metrics were given */
  traffic?: WorkloadTraffic;
}

/** Most `mayCall` entries the engine keeps per workload, in target order. @public */
export const MAY_CALL_LIMIT = 100;

/** One rule of another workload's AuthorizationPolicy that names this workload's identity. @public */
export interface OutboundGrant {
  /** `namespace/name` of the workload the policy applies to */
  target: string;
  /** `namespace/name` of the AuthorizationPolicy */
  policy: string;
  /** index of the rule in spec.rules */
  ruleIndex: number;
  action: 'ALLOW' | 'DENY';
  /** the `from` field that names the identity */
  via: 'principal' | 'namespace' | 'serviceAccount';
  /** the value as written in the policy, e.g. `cluster.local/ns/tools/sa/retool` */
  grant: string;
  /** the rule's operations; empty = any operation */
  to: AuthzOperation[];
  /** the rule's conditions; empty = none */
  when: AuthzCondition[];
  /** istio.io/dry-run: "true": not enforced */
  dryRun: boolean;
}

/** A source clause of an AuthorizationPolicy rule, as written (empty arrays omitted). @public */
export interface AuthzSource {
  principals?: string[];
  notPrincipals?: string[];
  namespaces?: string[];
  notNamespaces?: string[];
  serviceAccounts?: string[];
  ipBlocks?: string[];
  notIpBlocks?: string[];
  remoteIpBlocks?: string[];
  requestPrincipals?: string[];
}

/** @public */
export interface AuthzOperation {
  hosts?: string[];
  ports?: string[];
  methods?: string[];
  paths?: string[];
  notHosts?: string[];
  notPorts?: string[];
  notMethods?: string[];
  notPaths?: string[];
}

/** @public */
export interface AuthzCondition {
  key: string;
  values?: string[];
  notValues?: string[];
}

/** @public */
export interface AuthzRuleSummary {
  /** `namespace/name` of the AuthorizationPolicy */
  policy: string;
  action: 'ALLOW' | 'DENY' | 'CUSTOM' | 'AUDIT';
  /** index of the rule in spec.rules; -1 for a policy without rules */
  ruleIndex: number;
  /** empty = any source */
  from: AuthzSource[];
  /** empty = any operation */
  to: AuthzOperation[];
  when: AuthzCondition[];
  /** true for `rules: [{}]` */
  matchesEverything: boolean;
  /** istio.io/dry-run: "true": not enforced */
  dryRun: boolean;
}

/**
 * Effective authorization of a workload, in Istio's evaluation order
 * CUSTOM → DENY → ALLOW (AUDIT only logs).
 * @public
 */
export interface WorkloadAuthorization {
  /** `namespace/name` of every policy that applies (sidecars ignore targetRefs policies) */
  policies: string[];
  /**
   * 'no-policy': everything allowed (no ALLOW policy);
   * 'allow-all': an ALLOW rule `{}` allows everything;
   * 'allow-nothing': ALLOW policies exist but none has a rule (deny all);
   * 'restricted': only what the ALLOW rules grant, minus DENY/CUSTOM.
   */
  stance: 'no-policy' | 'allow-all' | 'allow-nothing' | 'restricted';
  custom: AuthzRuleSummary[];
  deny: AuthzRuleSummary[];
  allow: AuthzRuleSummary[];
  audit: AuthzRuleSummary[];
}

/** Client → server TLS for one Service port, for clients in one namespace. @public */
export interface ClientTlsOutcome {
  /**
   * Namespace of the sidecar clients. `*` stands for every namespace with
   * sidecar clients that has no row of its own: only namespaces whose
   * DestinationRule lookup differs get their own rows (keeps the report linear
   * in the number of Services).
   */
  clientNamespace: string;
  /** Service port */
  port: number;
  /** `namespace/name` of the DestinationRule in effect, null when none */
  destinationRule: string | null;
  /** subset name when the outcome is for a DR subset */
  subset?: string;
  /** the TLS mode the client uses: from the DR, or AUTO (auto mTLS), or NONE (auto mTLS off, no DR tls) */
  clientTls: 'ISTIO_MUTUAL' | 'MUTUAL' | 'SIMPLE' | 'DISABLE' | 'AUTO' | 'NONE';
  /** server mode on the target port */
  serverMode: MtlsMode;
  outcome: 'mtls' | 'tls' | 'plaintext' | 'fails';
  reason: string;
}

/** @public */
export interface ServiceTls {
  /** `namespace/name` */
  service: string;
  host: string;
  ports: Array<{ port: number; targetPort: number | string; name?: string }>;
  /** `namespace/name` of the workloads the Service selects */
  workloads: string[];
  clients: ClientTlsOutcome[];
}

/** Finding ids of the catalog (docs/rules.md). @public */
export type RuleId =
  | 'mtls-disabled'
  | 'mtls-permissive'
  | 'mtls-port-exception'
  | 'portlevelmtls-unknown-port'
  | 'peerauthentication-conflict'
  | 'peerauthentication-selector-in-root-ignored'
  | 'peerauthentication-not-mesh-wide'
  | 'ambient-peerauthentication-disable'
  | 'pod-missing-proxy'
  | 'injection-opt-out'
  | 'workload-outside-mesh'
  | 'host-network-pod'
  | 'injection-label-ineffective'
  | 'namespace-multiple-injection-labels'
  | 'sidecar-in-ambient-namespace'
  | 'dr-tls-disable-to-strict'
  | 'dr-istio-mutual-to-non-mesh'
  | 'client-plaintext-to-strict'
  | 'dr-tls-disable-in-mesh'
  | 'auto-mtls-disabled'
  | 'authz-requires-mtls'
  | 'authz-allow-all'
  | 'authz-allow-nothing'
  | 'authz-selector-no-match'
  | 'authz-unknown-namespace'
  | 'authz-unknown-principal'
  | 'authz-foreign-trust-domain'
  | 'authz-deny-http-fields-on-tcp'
  | 'root-cert-expiring'
  | 'plaintext-traffic-observed'
  | 'strict-ready'
  | 'authz-unused-grant'
  | 'authz-observed-caller-denied'
  | 'authz-dry-run-would-deny'
  | 'workload-mixed-posture';

/** @public */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** `namespace/name` of the object at fault; `/name` for cluster-scoped objects */
  subject: string;
  /** one plain sentence */
  reason: string;
  port?: number;
  /** e.g. `{ callers: ['shop/order-service'] }` for plaintext-traffic-observed */
  detail?: FindingDetail;
  /** YAML patch or manifest that fixes it */
  remediation?: string;
}

/** @public */
export interface FindingDetail {
  /**
   * `namespace/workload` of callers (plaintext-traffic-observed: the ones STRICT
   * would break); at most 20, the heaviest senders, when `callersTotal` is larger
   */
  callers?: string[];
  /** how many callers there are in all, named in `callers` or not */
  callersTotal?: number;
  /** a principal or namespace that a rule grants (authz-unused-grant, authz-unknown-*) */
  grant?: string;
  /** `namespace/name` of related objects */
  related?: string[];
  [key: string]: unknown;
}

/**
 * Why a finding is accepted on purpose: an annotation on the object at fault
 * (or its controller, pod template, pods, namespace), or an entry of
 * `meshSecurity.suppressions` / the CLI's `--suppressions` file.
 * @public
 */
export interface Suppression {
  by: 'annotation' | 'config';
  /** `mesh-security.io/suppress-reason`, or the entry's reason; null when the annotation gives none */
  reason: string | null;
  /** the entry's `until` as written (a date or a timestamp) */
  until?: string;
}

/** A finding left out of `findings` (and of grades, tags, facts and exit codes), with why. @public */
export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/** @public */
export interface CoverageCount {
  /** workloads counted (hostNetwork and control-plane workloads excluded) */
  workloads: number;
  meshed: number;
  strict: number;
}

/** @public */
export interface Coverage extends CoverageCount {
  byNamespace: Record<string, CoverageCount>;
}

/** @public */
export interface MeshReport {
  /** ISO time the engine was told it is (`now`) */
  evaluatedAt: string;
  assumptions: MeshAssumptions;
  /** keyed by `namespace/name` */
  workloads: Record<string, WorkloadPosture>;
  services: ServiceTls[];
  findings: Finding[];
  /** findings accepted on purpose; absent in reports from engines that predate suppressions */
  suppressed?: SuppressedFinding[];
  coverage: Coverage;
  /** present only when metrics were given */
  traffic?: MeshTraffic;
  /** earliest notAfter of the mesh root certificate, when `istio-ca-root-cert` was seen */
  rootCertNotAfter?: string;
  /** objects the engine skipped, with why (unknown kinds are ignored silently) */
  warnings: string[];
}
