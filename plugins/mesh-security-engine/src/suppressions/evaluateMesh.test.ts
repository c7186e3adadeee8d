import {
  RULE_CATALOG,
  type KubeObject,
} from '@mesh-security/plugin-mesh-security-common';
import {
  deployment,
  evaluate,
  namespace,
  peerAuthentication,
} from '../engine/__testUtils__/builders';
import { subjectKindOf } from './subjectKind';

/** shop is injected and DISABLEs mTLS: shop/web and shop/api get mtls-disabled (high). */
function mesh(webAnnotations: Record<string, string> = {}) {
  const web = deployment('shop', 'web', {
    sidecar: true,
    annotations: webAnnotations,
  });
  return [
    namespace('istio-system'),
    namespace('shop', { 'istio-injection': 'enabled' }),
    peerAuthentication('istio-system', 'default', { mode: 'STRICT' }),
    peerAuthentication('shop', 'plaintext', { mode: 'DISABLE' }),
    web,
    deployment('shop', 'api', { sidecar: true }),
  ];
}

const controller = (
  name: string,
  annotations: Record<string, string>,
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', annotations },
  spec: { template: { metadata: { labels: { app: name } } } },
});

describe('evaluateMesh with suppressions', () => {
  it('reports every finding and an empty suppressed list without suppressions', () => {
    const report = evaluate(mesh());
    expect(
      report.findings
        .filter(f => f.rule === 'mtls-disabled')
        .map(f => f.subject),
    ).toEqual(['shop/api', 'shop/web']);
    expect(report.suppressed).toEqual([]);
  });

  it("applies a pod's annotation to its workload, nothing else changes", () => {
    const plain = evaluate(mesh());
    const report = evaluate(
      mesh({
        'mesh-security.io/suppress': 'mtls-disabled',
        'mesh-security.io/suppress-reason': 'talks to a plaintext appliance',
      }),
    );
    expect(report.suppressed).toEqual([
      {
        ...plain.findings.find(
          f => f.rule === 'mtls-disabled' && f.subject === 'shop/web',
        ),
        suppression: {
          by: 'annotation',
          reason: 'talks to a plaintext appliance',
        },
      },
    ]);
    expect(report.findings).toEqual(
      plain.findings.filter(
        f => !(f.rule === 'mtls-disabled' && f.subject === 'shop/web'),
      ),
    );
    expect(report.coverage).toEqual(plain.coverage);
    expect(report.workloads).toEqual(plain.workloads);
  });

  it('applies configured entries and annotations on the controller', () => {
    const report = evaluate(
      [...mesh(), controller('api', { 'mesh-security.io/suppress': '*' })],
      {
        suppressions: [
          {
            rule: 'peerauthentication-conflict',
            subject: 'shop/*',
            reason: 'not ours',
          },
          {
            rule: 'mtls-disabled',
            subject: 'shop/web',
            reason: 'accepted',
            until: '2026-08-03',
          },
        ],
      },
    );
    expect(report.findings.filter(f => f.rule === 'mtls-disabled')).toEqual([]);
    expect(
      report.suppressed
        ?.filter(f => f.rule === 'mtls-disabled')
        .map(f => [f.subject, f.suppression.by]),
    ).toEqual([
      ['shop/api', 'annotation'],
      ['shop/web', 'config'],
    ]);
  });

  it("applies a declared workload's pod-template annotation (a folder without Pods)", () => {
    const declared: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'batch', namespace: 'shop' },
      spec: {
        template: {
          metadata: {
            labels: { app: 'batch' },
            annotations: {
              'mesh-security.io/suppress': 'mtls-disabled',
              'mesh-security.io/suppress-reason': 'nightly export only',
            },
          },
          spec: { containers: [{ name: 'app', image: 'example/batch:1' }] },
        },
      },
    };
    const report = evaluate([...mesh(), declared]);
    expect(report.workloads['shop/batch']).toBeDefined();
    expect(
      report.suppressed?.map(f => [f.rule, f.subject, f.suppression.reason]),
    ).toEqual([['mtls-disabled', 'shop/batch', 'nightly export only']]);
    expect(
      report.findings.filter(f => f.subject === 'shop/batch').map(f => f.rule),
    ).not.toContain('mtls-disabled');
  });

  it('lets a configured entry expire at the evaluation time', () => {
    const options = {
      suppressions: [
        {
          rule: 'mtls-disabled' as const,
          subject: 'shop/web',
          reason: 'r',
          until: '2026-08-02',
        },
      ],
    };
    // builders evaluate at 2026-08-03T09:00Z: the day has passed
    const report = evaluate(mesh(), options);
    expect(report.suppressed).toEqual([]);
    expect(
      report.findings.some(
        f => f.rule === 'mtls-disabled' && f.subject === 'shop/web',
      ),
    ).toBe(true);
    expect(
      evaluate(mesh(), options, new Date('2026-08-02T23:00:00Z')).suppressed,
    ).toHaveLength(1);
  });

  it('warns about an annotation naming an unknown rule', () => {
    const report = evaluate([
      ...mesh(),
      controller('web', { 'mesh-security.io/suppress': 'mtls-disabeld' }),
    ]);
    expect(report.warnings).toContain(
      'Deployment shop/web: mesh-security.io/suppress names unknown rule "mtls-disabeld"',
    );
    expect(report.suppressed).toEqual([]);
  });

  it('refuses an invalid entry in the options', () => {
    expect(() =>
      evaluate(mesh(), {
        suppressions: [{ rule: 'mtls-disabled', subject: 'web', reason: 'r' }],
      }),
    ).toThrow(/subject "web" must be "namespace\/name"/);
  });
});

describe('subjectKindOf', () => {
  it('knows the kind of subject of every rule of the catalog', () => {
    const expected: Record<string, string> = {
      'mtls-disabled': 'workload',
      'mtls-permissive': 'workload',
      'mtls-port-exception': 'workload',
      'portlevelmtls-unknown-port': 'PeerAuthentication',
      'peerauthentication-conflict': 'PeerAuthentication',
      'peerauthentication-selector-in-root-ignored': 'PeerAuthentication',
      'peerauthentication-not-mesh-wide': 'PeerAuthentication',
      'ambient-peerauthentication-disable': 'PeerAuthentication',
      'pod-missing-proxy': 'workload',
      'injection-opt-out': 'workload',
      'workload-outside-mesh': 'workload',
      'host-network-pod': 'workload',
      'injection-label-ineffective': 'workload',
      'namespace-multiple-injection-labels': 'Namespace',
      'sidecar-in-ambient-namespace': 'workload',
      'dr-tls-disable-to-strict': 'DestinationRule',
      'dr-istio-mutual-to-non-mesh': 'DestinationRule',
      'client-plaintext-to-strict': 'workload',
      'dr-tls-disable-in-mesh': 'DestinationRule',
      'auto-mtls-disabled': 'ConfigMap',
      'authz-requires-mtls': 'AuthorizationPolicy',
      'authz-allow-all': 'AuthorizationPolicy',
      'authz-allow-nothing': 'AuthorizationPolicy',
      'authz-selector-no-match': 'AuthorizationPolicy',
      'authz-unknown-namespace': 'AuthorizationPolicy',
      'authz-unknown-principal': 'AuthorizationPolicy',
      'authz-foreign-trust-domain': 'AuthorizationPolicy',
      'authz-deny-http-fields-on-tcp': 'AuthorizationPolicy',
      'root-cert-expiring': 'ConfigMap',
      'plaintext-traffic-observed': 'workload',
      'strict-ready': 'workload',
      'authz-unused-grant': 'AuthorizationPolicy',
      'workload-mixed-posture': 'workload',
      'authz-observed-caller-denied': 'workload',
      'authz-dry-run-would-deny': 'AuthorizationPolicy',
    };
    // a rule added to the catalog must be given its kind here
    for (const rule of Object.keys(RULE_CATALOG))
      expect([rule, subjectKindOf(rule)]).toEqual([rule, expected[rule]]);
  });
});
