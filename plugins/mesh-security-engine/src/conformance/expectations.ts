import type {
  Dataplane,
  MtlsMode,
  RuleId,
} from '@mesh-security/plugin-mesh-security-common';

/** A finding of ours, by rule and subject (port does not matter here). */
export interface OurFinding {
  rule: RuleId;
  subject: string;
}

/** One message as Istio's analyzers_test.go expects it. */
export interface IstioMessage {
  code: string;
  type: string;
  /** as the test writes it: `<Kind> <namespace>/<name>`, namespace omitted when the input omits it */
  resource: string;
  /** the message argument where Istio reports once per value (IST0101: the namespace pattern) */
  arg?: string;
}

/** An Istio message and the finding of ours it maps onto (with the name in `detail.grants`, if any). */
export interface MappedMessage extends IstioMessage {
  ours: OurFinding & { grant?: string };
}

/** An Istio message with no finding of ours, and why. */
export interface UnmappedMessage extends IstioMessage {
  unmapped: string;
}

/** A finding of ours that Istio does not report in this case, and why. */
export interface BeyondIstio extends OurFinding {
  why: string;
}

export interface ExpectedPosture {
  dataplane: Dataplane;
  /** left out where no mode of ours fits (see the case) */
  mtlsMode?: MtlsMode;
  decidedBy?: string | null;
}

export interface ConformanceCase {
  name: string;
  /** where the case comes from */
  upstream: string;
  /** fixture files under fixtures/, evaluated together */
  files: string[];
  istio: Array<MappedMessage | UnmappedMessage>;
  beyondIstio: BeyondIstio[];
  /** every workload the report must hold, and no other */
  workloads: Record<string, ExpectedPosture>;
}

export function isMapped(
  m: MappedMessage | UnmappedMessage,
): m is MappedMessage {
  return 'ours' in m;
}

const ANALYZERS = 'istio/istio pkg/config/analysis/analyzers/analyzers_test.go';

const NO_MODE_ANALYZER =
  'no PeerAuthentication applies, so the sidecar is PERMISSIVE and accepts plaintext; istioctl has no analyzer of mTLS modes (IST0113 was removed)';
const IDENTITY_ON_PLAINTEXT =
  'the policy matches callers by principal or namespace while a workload it applies to accepts plaintext (no PeerAuthentication, or no proxy), and plaintext callers carry neither; istioctl does not compare the two (Kiali does: KIA0105)';
const SIDECAR_RESOURCES_OUT_OF_SCOPE =
  'Sidecar resources (egress scoping) are outside our audit';
const SERVER_CA_OUT_OF_SCOPE =
  'verifying the certificate of a server outside the mesh (caCertificates) is outside our audit, which judges mTLS between mesh workloads';
const IMAGE_AUTO =
  "no rule of ours names the injector's placeholder image; the fact behind the message (no proxy will run there) is checked as the workload's posture and its workload-outside-mesh finding";

const sidecarPermissive: ExpectedPosture = {
  dataplane: 'sidecar',
  mtlsMode: 'PERMISSIVE',
  decidedBy: null,
};
const noProxy: ExpectedPosture = {
  dataplane: 'none',
  mtlsMode: 'NONE',
  decidedBy: null,
};
const ambientPermissive: ExpectedPosture = {
  dataplane: 'ambient',
  mtlsMode: 'PERMISSIVE',
  decidedBy: null,
};
const bookinfoStrict: ExpectedPosture = {
  dataplane: 'sidecar',
  mtlsMode: 'STRICT',
  decidedBy: 'istio-system/default',
};

const multipleLabels = (ns: string): MappedMessage => ({
  code: 'IST0123',
  type: 'NamespaceMultipleInjectionLabels',
  resource: `Namespace ${ns}`,
  ours: { rule: 'namespace-multiple-injection-labels', subject: `/${ns}` },
});

const noMatchingWorkloads = (key: string): MappedMessage => ({
  code: 'IST0127',
  type: 'NoMatchingWorkloadsFound',
  resource: `AuthorizationPolicy ${key}`,
  ours: { rule: 'authz-selector-no-match', subject: key },
});

const namespaceNotFound = (key: string, pattern: string): MappedMessage => ({
  code: 'IST0101',
  type: 'ReferencedResourceNotFound',
  resource: `AuthorizationPolicy ${key}`,
  arg: pattern,
  ours: { rule: 'authz-unknown-namespace', subject: key, grant: pattern },
});

const BOOKINFO = [
  'samples/bookinfo.yaml',
  'samples/bookinfo-destination-rules.yaml',
  'samples/bookinfo-gateway.yaml',
  'samples/mesh-strict.yaml',
];

const BOOKINFO_WORKLOADS = Object.fromEntries(
  [
    'details-v1',
    'productpage-v1',
    'ratings-v1',
    'reviews-v1',
    'reviews-v2',
    'reviews-v3',
  ].map(name => [`default/${name}`, bookinfoStrict]),
);

/** Istio's analyzer test cases that concern our rules, and the Istio samples as a team runs them. */
export const CONFORMANCE_CASES: ConformanceCase[] = [
  {
    name: 'istioInjection',
    upstream: `${ANALYZERS}, case "istioInjection" (injection.Analyzer)`,
    files: ['istio-analyzers/injection.yaml'],
    istio: [
      {
        code: 'IST0102',
        type: 'NamespaceNotInjected',
        resource: 'Namespace bar',
        unmapped:
          'a notice about a namespace; we judge workloads (workload-outside-mesh), and bar runs none',
      },
      {
        code: 'IST0103',
        type: 'PodMissingProxy',
        resource: 'Pod default/noninjectedpod',
        ours: { rule: 'pod-missing-proxy', subject: 'default/noninjectedpod' },
      },
      multipleLabels('busted'),
      multipleLabels('multi-ns-1'),
      multipleLabels('multi-ns-2'),
      multipleLabels('multi-ns-3'),
    ],
    beyondIstio: [
      ...[
        'podinjectiondisabled',
        'podinjectiondisabled-label',
        'podinjectiondisabled-label-and-anno',
      ].map(
        (name): BeyondIstio => ({
          rule: 'injection-opt-out',
          subject: `default/${name}`,
          why: 'Istio skips a pod that opts out (injection.go: inject=false, the label winning over the annotation); inside an injection-enabled namespace we report it, since it accepts plaintext and has no mesh identity',
        }),
      ),
      {
        rule: 'host-network-pod',
        subject: 'default/noninjectedpodhostnetwork',
        why: 'Istio skips hostNetwork pods; we note, at low severity, that such a pod can never be meshed',
      },
      {
        rule: 'mtls-permissive',
        subject: 'default/injectedpod',
        why: NO_MODE_ANALYZER,
      },
    ],
    workloads: {
      'default/injectedpod': sidecarPermissive,
      'default/noninjectedpod': noProxy,
      'default/noninjectedpodhostnetwork': noProxy,
      'default/podinjectiondisabled': noProxy,
      'default/podinjectiondisabled-label': noProxy,
      'default/podinjectiondisabled-label-and-anno': noProxy,
      'istio-system/istiod-canary-1234567890-12345': noProxy,
    },
  },
  {
    name: 'authorizationpolicies',
    upstream: `${ANALYZERS}, case "authorizationpolicies" (authz.AuthorizationPoliciesAnalyzer)`,
    files: ['istio-analyzers/authorizationpolicies.yaml'],
    istio: [
      noMatchingWorkloads('istio-system/meshwide-httpbin-v1'),
      noMatchingWorkloads('httpbin-empty/httpbin-empty-namespace-wide'),
      noMatchingWorkloads('httpbin/httpbin-nopods'),
      namespaceNotFound('httpbin/httpbin-bogus-ns', '*-bogus'),
      namespaceNotFound('httpbin/httpbin-bogus-ns', 'bogus-*'),
      namespaceNotFound('httpbin/httpbin-bogus-not-ns', '*-bogus'),
      namespaceNotFound('httpbin/httpbin-bogus-not-ns', 'bogus-*'),
      noMatchingWorkloads('test-ambient/no-workload'),
    ],
    beyondIstio: [
      {
        rule: 'pod-missing-proxy',
        subject: 'httpbin/httpbin-55bf89f8c9-wzfrh',
        why: "IST0103 from Istio's injection analyzer, which this case does not run: the pod is in an injection-enabled namespace without a proxy",
      },
      {
        rule: 'mtls-permissive',
        subject: 'httpbin/httpbin',
        why: `the Deployment, judged from its template, gets a sidecar; ${NO_MODE_ANALYZER}`,
      },
      ...[
        'httpbin/httpbin',
        'httpbin/httpbin-namespace-wide',
        'httpbin/httpbin-bogus-ns',
        'httpbin/httpbin-bogus-not-ns',
        'test-ambient/valid-policy',
      ].map(
        (subject): BeyondIstio => ({
          rule: 'authz-requires-mtls',
          subject,
          why: IDENTITY_ON_PLAINTEXT,
        }),
      ),
      {
        rule: 'authz-allow-nothing',
        subject: 'istio-system/meshwide-httpbin',
        why: "valid configuration to istioctl (it only checks that the policy selects something), but an ALLOW policy without rules in the root namespace denies every request in the mesh: istio.io's allow-nothing policy",
      },
    ],
    workloads: {
      'httpbin/httpbin': sidecarPermissive,
      'httpbin/httpbin-55bf89f8c9-wzfrh': noProxy,
      'test-ambient/sleep-55bf89f8c9-wzfrh': ambientPermissive,
    },
  },
  {
    name: 'authorizationpolicies, pod started before injection',
    upstream: `variant of ${ANALYZERS}, case "authorizationpolicies": the httpbin pod belongs to the Deployment`,
    files: ['istio-analyzers/authorizationpolicies-pod-before-injection.yaml'],
    istio: [],
    beyondIstio: [
      {
        rule: 'pod-missing-proxy',
        subject: 'httpbin/httpbin',
        why: "IST0103 from Istio's injection analyzer, which the authorization case does not run",
      },
      ...['httpbin/httpbin', 'httpbin/httpbin-namespace-wide'].flatMap(
        (subject): BeyondIstio[] => [
          {
            rule: 'authz-selector-no-match',
            subject,
            why: "counted differently: Istio's analyzer counts a pod of an injection-enabled namespace as in the mesh even without a proxy (analyzers/util/in_mesh.go inMesh falls back to the namespace label), so it stays silent; we report that the pod it selects has no proxy to enforce it (the fix is the restart pod-missing-proxy asks for)",
          },
          {
            rule: 'authz-requires-mtls',
            subject,
            why: IDENTITY_ON_PLAINTEXT,
          },
        ],
      ),
    ],
    workloads: { 'httpbin/httpbin': noProxy },
  },
  {
    name: 'sidecarDefaultSelector',
    upstream: `${ANALYZERS}, case "sidecarDefaultSelector" (sidecar.SelectorAnalyzer)`,
    files: ['istio-analyzers/sidecar-default-selector.yaml'],
    istio: [
      {
        code: 'IST0111',
        type: 'MultipleSidecarsWithoutWorkloadSelectors',
        resource: 'Sidecar ns2/has-conflict-2',
        unmapped: SIDECAR_RESOURCES_OUT_OF_SCOPE,
      },
      {
        code: 'IST0111',
        type: 'MultipleSidecarsWithoutWorkloadSelectors',
        resource: 'Sidecar ns2/has-conflict-1',
        unmapped: SIDECAR_RESOURCES_OUT_OF_SCOPE,
      },
      {
        code: 'IST0167',
        type: 'IneffectivePolicy',
        resource: 'Sidecar ns-ambient/namespace-scoped',
        unmapped: `${SIDECAR_RESOURCES_OUT_OF_SCOPE}; the fact behind the message (the namespace is ambient) is checked as the posture of its pod`,
      },
      {
        code: 'IST0167',
        type: 'IneffectivePolicy',
        resource: 'Sidecar ns-ambient/pod-scoped',
        unmapped: `${SIDECAR_RESOURCES_OUT_OF_SCOPE}; the fact behind the message (random-pod-ambient is captured by ztunnel, not a sidecar) is checked as its posture`,
      },
    ],
    beyondIstio: [
      {
        rule: 'workload-outside-mesh',
        subject: 'ns1/random-pod',
        why: "Istio's injection analyzer (not run by this case) reports the unlabelled namespace ns1 as IST0102; we report the workload that runs outside the mesh",
      },
      ...['ns-not-ambient', 'ns-not-ambient-rev'].map(
        (ns): BeyondIstio => ({
          rule: 'namespace-multiple-injection-labels',
          subject: `/${ns}`,
          why: "IST0123 from Istio's injection analyzer, which this case does not run",
        }),
      ),
    ],
    workloads: {
      'ns1/random-pod': noProxy,
      'ns-ambient/random-pod-ambient': ambientPermissive,
    },
  },
  {
    name: 'KubernetesGatewaySelector',
    upstream: `${ANALYZERS}, case "KubernetesGatewaySelector" (k8sgateway.SelectorAnalyzer)`,
    files: ['istio-analyzers/k8sgateway-selector.yaml'],
    istio: [
      {
        code: 'IST0166',
        type: 'IneffectiveSelector',
        resource: 'AuthorizationPolicy default/ap-ineffective',
        unmapped:
          'advice to use targetRefs; the selector still takes effect by default (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY=true), so we judge the policy by what it does: authz-allow-nothing',
      },
    ],
    beyondIstio: [
      {
        rule: 'authz-allow-nothing',
        subject: 'default/ap-ineffective',
        why: 'with ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY at its default (true) the selector attaches the policy to the gateway (pilot/pkg/model/policyattachment.go ShouldAttachPolicy), and an ALLOW policy without rules denies every request through it',
      },
    ],
    workloads: {
      // A gateway runs the proxy but no PeerAuthentication mode applies to it,
      // so only its dataplane is asserted (see KNOWN_ENGINE_GAPS).
      'default/bookinfo-gateway-istio-6ff4cf9645-xbqmc': {
        dataplane: 'sidecar',
      },
    },
  },
  {
    name: 'Detect `image: auto` in non-injected pods',
    upstream: `${ANALYZERS}, case "Detect \`image: auto\` in non-injected pods" (injection.ImageAutoAnalyzer)`,
    files: ['istio-analyzers/image-auto.yaml'],
    istio: [
      {
        code: 'IST0146',
        type: 'ImageAutoWithoutInjectionWarning',
        resource: 'Deployment not-injected/non-injected-gateway-deployment',
        unmapped: IMAGE_AUTO,
      },
      {
        code: 'IST0147',
        type: 'ImageAutoWithoutInjectionError',
        resource: 'Pod default/injected-pod',
        unmapped: IMAGE_AUTO,
      },
    ],
    beyondIstio: [
      {
        rule: 'workload-outside-mesh',
        subject: 'default/injected-pod',
        why: "its istio-proxy container still holds the injector's placeholder image, so no proxy runs, and namespace default enables neither injection nor ambient; Istio reports the placeholder itself (IST0147)",
      },
      {
        rule: 'workload-outside-mesh',
        subject: 'not-injected/non-injected-gateway-deployment',
        why: 'no injection webhook selects its template, so its istio-proxy container keeps the placeholder image and no proxy runs; Istio reports the placeholder itself (IST0146)',
      },
    ],
    workloads: {
      'default/injected-pod': noProxy,
      'not-injected/non-injected-gateway-deployment': noProxy,
      'istio-system/istiod-canary-1234567890-12345': noProxy,
    },
  },
  {
    name: 'destinationrule with no cacert, simple at destinationlevel',
    upstream: `${ANALYZERS}, case "destinationrule with no cacert, simple at destinationlevel" (destinationrule.CaCertificateAnalyzer)`,
    files: ['istio-analyzers/destinationrule-simple-destination.yaml'],
    istio: [
      {
        code: 'IST0128',
        type: 'NoServerCertificateVerificationDestinationLevel',
        resource: 'DestinationRule db-tls',
        unmapped: SERVER_CA_OUT_OF_SCOPE,
      },
    ],
    beyondIstio: [],
    workloads: {},
  },
  {
    name: 'destinationrule with no cacert, mutual at destinationlevel and simple at port level',
    upstream: `${ANALYZERS}, case "destinationrule with no cacert, mutual at destinationlevel and simple at port level" (destinationrule.CaCertificateAnalyzer)`,
    files: ['istio-analyzers/destinationrule-compound-simple-mutual.yaml'],
    istio: [
      {
        code: 'IST0128',
        type: 'NoServerCertificateVerificationDestinationLevel',
        resource: 'DestinationRule db-mtls',
        unmapped: SERVER_CA_OUT_OF_SCOPE,
      },
      {
        code: 'IST0129',
        type: 'NoServerCertificateVerificationPortLevel',
        resource: 'DestinationRule db-mtls',
        unmapped: SERVER_CA_OUT_OF_SCOPE,
      },
    ],
    beyondIstio: [],
    workloads: {},
  },
  {
    name: 'bookinfo as a team keeps it',
    upstream:
      'istio/istio samples/bookinfo (bookinfo.yaml, destination-rule-all-mtls.yaml, bookinfo-gateway.yaml), with the namespace labelled for injection and a mesh-wide STRICT PeerAuthentication as istio.io describes',
    files: BOOKINFO,
    istio: [],
    beyondIstio: [],
    workloads: BOOKINFO_WORKLOADS,
  },
  {
    name: "bookinfo with the HTTP authorization task's policies",
    upstream:
      'istio.io docs/tasks/security/authorization/authz-http, applied to the Bookinfo case above',
    files: [...BOOKINFO, 'samples/authz-http-policies.yaml'],
    istio: [],
    beyondIstio: [
      {
        rule: 'authz-allow-nothing',
        subject: 'default/allow-nothing',
        why: "the task's deny-by-default baseline: on its own it denies every request (the task shows 'RBAC: access denied'), which is what the finding says; the viewer policies then grant GET per workload. Where the baseline is intended, suppress the finding with mesh-security.io/suppress on the policy",
      },
    ],
    workloads: BOOKINFO_WORKLOADS,
  },
];
