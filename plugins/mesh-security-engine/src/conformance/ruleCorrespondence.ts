import type { RuleId } from '@mesh-security/plugin-mesh-security-common';

/** What istioctl analyze (or Kiali, where istioctl has nothing) says about the same condition. */
export interface IstioCounterpart {
  /** the message code (`IST0103`, `KIA0105`), or null when no analyzer reports it */
  code: string | null;
  /** how the two count differently, or why Istio stays silent */
  note: string;
}

const NO_MODE_ANALYZER =
  'istioctl has no analyzer of PeerAuthentication modes since IST0113 MTLSPolicyConflict was removed';
const NEEDS_METRICS =
  'needs traffic metrics; istioctl analyze reads configuration only';

/**
 * Every rule of our catalog beside Istio's own analyzers. A finding of ours
 * with no counterpart is still a finding: the conformance cases list each one
 * they produce, with why Istio does not report it there.
 */
export const RULE_CORRESPONDENCE: Readonly<
  Partial<Record<RuleId, IstioCounterpart>>
> = {
  'mtls-disabled': { code: null, note: NO_MODE_ANALYZER },
  'mtls-permissive': {
    code: null,
    note: `${NO_MODE_ANALYZER}; PERMISSIVE is Istio's default, which accepts plaintext`,
  },
  'mtls-port-exception': { code: null, note: NO_MODE_ANALYZER },
  'portlevelmtls-unknown-port': { code: null, note: NO_MODE_ANALYZER },
  'peerauthentication-conflict': {
    code: 'KIA0002/KIA0003',
    note: 'istiod keeps the oldest policy and only logs; Kiali flags the duplicates',
  },
  'peerauthentication-selector-in-root-ignored': {
    code: null,
    note: 'istiod ignores the policy without an analyzer message',
  },
  'peerauthentication-not-mesh-wide': { code: null, note: NO_MODE_ANALYZER },
  'ambient-peerauthentication-disable': { code: null, note: NO_MODE_ANALYZER },
  'pod-missing-proxy': {
    code: 'IST0103',
    note: 'Istio checks istio-injection=enabled namespaces only; we also count istio.io/rev ones, whose revision webhook injects as well. Controllers without Pods are never judged by it',
  },
  'injection-opt-out': {
    code: null,
    note: 'the injection analyzer skips pods labelled or annotated sidecar.istio.io/inject=false; we report the opt-out because the pod then accepts plaintext and has no mesh identity',
  },
  'workload-outside-mesh': {
    code: 'IST0102',
    note: 'Istio reports the namespace that is not labelled (Info), even when it is empty; we report each workload that runs outside the mesh',
  },
  'host-network-pod': {
    code: null,
    note: 'the injection analyzer skips hostNetwork pods; we say once, at low severity, that they can never be meshed',
  },
  'injection-label-ineffective': { code: null, note: 'no analyzer' },
  'namespace-multiple-injection-labels': {
    code: 'IST0123',
    note: 'counted the same way',
  },
  'sidecar-in-ambient-namespace': { code: 'KIA1316', note: 'Kiali only' },
  'dr-tls-disable-to-strict': {
    code: null,
    note: 'istioctl has no client/server TLS analyzer; Kiali (KIA0207/KIA0208) checks namespace-wide DestinationRules only',
  },
  'dr-istio-mutual-to-non-mesh': { code: null, note: 'no analyzer' },
  'client-plaintext-to-strict': { code: 'KIA0401/KIA0501', note: 'Kiali only' },
  'dr-tls-disable-in-mesh': { code: null, note: 'no analyzer' },
  'auto-mtls-disabled': { code: null, note: 'no analyzer' },
  'authz-requires-mtls': {
    code: 'KIA0105',
    note: "Kiali only; istioctl's authorization analyzer does not compare identity rules with the mTLS mode",
  },
  'authz-allow-all': {
    code: null,
    note: 'valid configuration to istioctl; we report what it does',
  },
  'authz-allow-nothing': {
    code: null,
    note: 'valid configuration to istioctl; we report that it denies every request to the workloads it reaches',
  },
  'authz-selector-no-match': {
    code: 'IST0127',
    note: 'Istio counts a pod that has a proxy, would get one (namespace istio-injection=enabled, pod sidecar.istio.io/inject=true) or carries ambient.istio.io/redirection; we count workloads with a sidecar or in ambient, including controllers judged from their pod template',
  },
  'authz-unknown-namespace': {
    code: 'IST0101',
    note: 'Istio checks namespaces/notNamespaces, once per value, against Namespace objects; we also check the namespaces of principals, accept any namespace an object of the input lives in, and report once per policy with every name in detail.grants',
  },
  'authz-unknown-principal': { code: 'KIA0106', note: 'Kiali only' },
  'authz-foreign-trust-domain': { code: 'KIA0108', note: 'Kiali only' },
  'authz-deny-http-fields-on-tcp': {
    code: null,
    note: 'istiod drops the fields and logs; no analyzer message',
  },
  'root-cert-expiring': {
    code: null,
    note: 'istioctl analyze does not read the root certificate',
  },
  'plaintext-traffic-observed': { code: null, note: NEEDS_METRICS },
  'strict-ready': { code: null, note: NEEDS_METRICS },
  'authz-unused-grant': { code: null, note: NEEDS_METRICS },
  'authz-observed-caller-denied': { code: null, note: NEEDS_METRICS },
  'authz-dry-run-would-deny': {
    code: null,
    note: `${NEEDS_METRICS}; istiod compiles dry-run policies into shadow rules without an analyzer message`,
  },
  'workload-mixed-posture': {
    code: null,
    note: 'istioctl judges pods one by one, never a workload across its pods',
  },
};
