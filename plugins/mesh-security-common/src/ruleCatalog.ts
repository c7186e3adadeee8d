import type { RuleId, Severity } from './report';

/** One rule of the finding catalog. @public */
export interface RuleDescription {
  severity: Severity;
  summary: string;
  /** Istio reference page for the object the rule is about */
  help: string;
}

const PEER_AUTHN =
  'https://istio.io/latest/docs/reference/config/security/peer_authentication/';
const AUTHZ =
  'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const DR =
  'https://istio.io/latest/docs/reference/config/networking/destination-rule/';
const INJECTION =
  'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/';
const AMBIENT = 'https://istio.io/latest/docs/ambient/usage/add-workloads/';
const AUTO_MTLS =
  'https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#auto-mutual-tls';
const MESH_CONFIG =
  'https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/';
const CERTS =
  'https://istio.io/latest/docs/ops/configuration/security/root-transition/';
const METRICS = 'https://istio.io/latest/docs/reference/config/metrics/';

/**
 * The finding catalog: every rule id with its default severity and one-line
 * meaning. The one source for the CLI's `rules` listing, SARIF rule metadata,
 * suppression checks and the generated docs (root-cert-expiring escalates to
 * critical per finding).
 * @public
 */
export const RULE_CATALOG: Record<RuleId, RuleDescription> = {
  'mtls-disabled': {
    severity: 'high',
    summary: 'In-mesh workload accepts only plaintext (mTLS DISABLE)',
    help: PEER_AUTHN,
  },
  'mtls-permissive': {
    severity: 'low',
    summary: 'In-mesh workload accepts plaintext (mTLS PERMISSIVE)',
    help: PEER_AUTHN,
  },
  'mtls-port-exception': {
    severity: 'medium',
    summary: "A port's mTLS mode is weaker than the workload's",
    help: PEER_AUTHN,
  },
  'portlevelmtls-unknown-port': {
    severity: 'medium',
    summary: 'portLevelMtls names a port the selected pods do not serve',
    help: PEER_AUTHN,
  },
  'peerauthentication-conflict': {
    severity: 'medium',
    summary:
      'PeerAuthentication ignored because another one at the same level wins',
    help: PEER_AUTHN,
  },
  'peerauthentication-selector-in-root-ignored': {
    severity: 'medium',
    summary:
      'PeerAuthentication with a selector in the root namespace is ignored',
    help: PEER_AUTHN,
  },
  'peerauthentication-not-mesh-wide': {
    severity: 'low',
    summary:
      'Selector-less PeerAuthentication in istio-system is not mesh-wide (rootNamespace differs)',
    help: PEER_AUTHN,
  },
  'ambient-peerauthentication-disable': {
    severity: 'low',
    summary: 'mTLS DISABLE applied to an ambient workload',
    help: AMBIENT,
  },
  'pod-missing-proxy': {
    severity: 'high',
    summary: 'Pod in an injection-enabled namespace runs without a proxy',
    help: INJECTION,
  },
  'injection-opt-out': {
    severity: 'medium',
    summary: 'Pod opted out of the mesh inside an enabled namespace',
    help: INJECTION,
  },
  'workload-outside-mesh': {
    severity: 'medium',
    summary: 'Workload is neither sidecar-injected nor ambient',
    help: INJECTION,
  },
  'host-network-pod': {
    severity: 'low',
    summary: 'hostNetwork pod cannot be part of the mesh',
    help: INJECTION,
  },
  'injection-label-ineffective': {
    severity: 'low',
    summary: 'Pod injection label cannot take effect',
    help: INJECTION,
  },
  'namespace-multiple-injection-labels': {
    severity: 'low',
    summary: 'Namespace carries more than one injection label',
    help: INJECTION,
  },
  'sidecar-in-ambient-namespace': {
    severity: 'low',
    summary: 'Sidecar-injected pod in an ambient namespace',
    help: AMBIENT,
  },
  'dr-tls-disable-to-strict': {
    severity: 'critical',
    summary:
      'DestinationRule sends plaintext or one-way TLS to a STRICT port (traffic fails)',
    help: DR,
  },
  'dr-istio-mutual-to-non-mesh': {
    severity: 'high',
    summary:
      'DestinationRule ISTIO_MUTUAL to endpoints without a proxy (handshake fails)',
    help: DR,
  },
  'client-plaintext-to-strict': {
    severity: 'critical',
    summary:
      'Clients send plaintext to a STRICT server (auto mTLS off, no DestinationRule TLS)',
    help: AUTO_MTLS,
  },
  'dr-tls-disable-in-mesh': {
    severity: 'medium',
    summary: 'DestinationRule forces plaintext to an in-mesh PERMISSIVE server',
    help: DR,
  },
  'auto-mtls-disabled': {
    severity: 'medium',
    summary: 'MeshConfig enableAutoMtls is false',
    help: MESH_CONFIG,
  },
  'authz-requires-mtls': {
    severity: 'high',
    summary:
      'AuthorizationPolicy matches on peer identity for a workload that accepts plaintext',
    help: AUTHZ,
  },
  'authz-allow-all': {
    severity: 'high',
    summary: 'ALLOW policy with an empty rule allows all traffic',
    help: AUTHZ,
  },
  'authz-allow-nothing': {
    severity: 'medium',
    summary: 'ALLOW policy without rules denies all traffic to its workloads',
    help: AUTHZ,
  },
  'authz-selector-no-match': {
    severity: 'low',
    summary: 'AuthorizationPolicy applies to no in-mesh workload',
    help: AUTHZ,
  },
  'authz-unknown-namespace': {
    severity: 'medium',
    summary: 'AuthorizationPolicy names a namespace that does not exist',
    help: AUTHZ,
  },
  'authz-unknown-principal': {
    severity: 'medium',
    summary: 'AuthorizationPolicy names a service account that does not exist',
    help: AUTHZ,
  },
  'authz-foreign-trust-domain': {
    severity: 'low',
    summary: "Principal's trust domain is not the mesh's or an alias",
    help: AUTHZ,
  },
  'authz-deny-http-fields-on-tcp': {
    severity: 'medium',
    summary: 'DENY rule with HTTP-only fields widens to the whole TCP port',
    help: AUTHZ,
  },
  'root-cert-expiring': {
    severity: 'high',
    summary: 'Mesh root certificate expires soon or has expired',
    help: CERTS,
  },
  'plaintext-traffic-observed': {
    severity: 'high',
    summary: 'Plaintext traffic observed to the workload',
    help: METRICS,
  },
  'strict-ready': {
    severity: 'info',
    summary:
      'PERMISSIVE workload receives only mTLS traffic and can move to STRICT',
    help: PEER_AUTHN,
  },
  'authz-unused-grant': {
    severity: 'low',
    summary: 'ALLOW rule grants an identity never observed calling',
    help: AUTHZ,
  },
  'authz-observed-caller-denied': {
    severity: 'medium',
    summary:
      'Callers observed in the window are denied by the enforced AuthorizationPolicies',
    help: AUTHZ,
  },
  'authz-dry-run-would-deny': {
    severity: 'info',
    summary:
      'A dry-run AuthorizationPolicy would deny callers observed in the window',
    help: AUTHZ,
  },
  'workload-mixed-posture': {
    severity: 'medium',
    summary: 'Pods of one workload disagree on dataplane or mTLS mode',
    help: INJECTION,
  },
};

/** Catalog entry, or a generic one for a rule added to the engine after this reader was built. @public */
export function describeRule(
  rule: string,
  severity: Severity,
): RuleDescription {
  return (
    (RULE_CATALOG as Record<string, RuleDescription>)[rule] ?? {
      severity,
      summary: rule,
      help: PEER_AUTHN,
    }
  );
}

/** True for an id of the finding catalog. @public */
export function isRuleId(value: string): value is RuleId {
  return Object.prototype.hasOwnProperty.call(RULE_CATALOG, value);
}
