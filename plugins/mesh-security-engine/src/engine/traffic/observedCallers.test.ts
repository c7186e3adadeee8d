import type {
  KubeObject,
  MeshMetrics,
} from '@mesh-security/plugin-mesh-security-common';
import { evaluateMesh } from '../evaluate';
import {
  NOW,
  authorizationPolicy,
  deployment,
  namespace,
  peerAuthentication,
} from '../__testUtils__/builders';
import { flow, identity, metrics } from './testing';

const INGRESS =
  'spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const RETOOL = 'spiffe://cluster.local/ns/tools/sa/retool';

type Objects = KubeObject | Objects[];

function run(objects: Objects[], m: MeshMetrics) {
  const report = evaluateMesh({
    objects: objects.flat(Infinity as 1) as KubeObject[],
    metrics: m,
    now: NOW,
  });
  return {
    denied: report.findings.filter(
      f => f.rule === 'authz-observed-caller-denied',
    ),
    dryRun: report.findings.filter(f => f.rule === 'authz-dry-run-would-deny'),
  };
}

const gateway: Objects[] = [
  namespace('edge', { 'istio-injection': 'enabled' }),
  deployment('edge', 'api-gateway', { sidecar: true }),
];

const traffic = metrics({
  flows: [
    flow(
      'istio-system/istio-ingressgateway',
      'edge/api-gateway',
      'destination',
      'mutual_tls',
      4988,
    ),
    flow('tools/retool', 'edge/api-gateway', 'destination', 'mutual_tls', 12),
  ],
  identities: [
    {
      ...identity('edge/api-gateway', INGRESS, 430_963_200),
      sourceWorkload: 'istio-ingressgateway',
    },
    identity('edge/api-gateway', RETOOL, 1_036_800),
  ],
});

const allowRetool = authorizationPolicy('edge', 'allow-retool', {
  selector: { matchLabels: { app: 'api-gateway' } },
  rules: [
    {
      from: [{ source: { principals: ['cluster.local/ns/tools/sa/retool'] } }],
      to: [{ operation: { methods: ['GET'] } }],
    },
  ],
});

describe('authz-observed-caller-denied', () => {
  it('names an observed caller no ALLOW rule matches, with its rate and the ALLOW rule that admits it', () => {
    const { denied } = run([gateway, allowRetool], traffic);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      subject: 'edge/api-gateway',
      severity: 'medium',
      detail: {
        callers: ['istio-system/istio-ingressgateway'],
        observed: [
          {
            caller: 'istio-system/istio-ingressgateway',
            principal: INGRESS,
            rate: 4988,
          },
        ],
      },
    });
    expect(denied[0].reason).toContain('4,988/s');
    expect(denied[0].remediation).toContain(
      '- cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
    );
  });

  it('is silent without ALLOW policies, and when a rule may match some requests', () => {
    expect(run([gateway], traffic).denied).toEqual([]);
    const allowIngressGets = authorizationPolicy('edge', 'allow-ingress', {
      selector: { matchLabels: { app: 'api-gateway' } },
      rules: [
        {
          from: [{ source: { namespaces: ['istio-system'] } }],
          to: [{ operation: { paths: ['/public/*'] } }],
        },
      ],
    });
    expect(
      run([gateway, allowRetool, allowIngressGets], traffic).denied,
    ).toEqual([]);
  });

  it('counts a DENY rule that surely matches, and denies plaintext callers of identity rules', () => {
    const denyTools = authorizationPolicy('edge', 'deny-tools', {
      action: 'DENY',
      rules: [{ from: [{ source: { namespaces: ['tools'] } }] }],
    });
    const { denied } = run([gateway, denyTools], traffic);
    expect(denied.map(f => f.detail?.callers)).toEqual([['tools/retool']]);

    const plaintext = metrics({
      flows: [
        flow('legacy/batch', 'edge/api-gateway', 'destination', 'none', 3),
      ],
      identities: [
        {
          ...identity('edge/api-gateway', 'unknown', 100, 'none'),
          sourceNamespace: 'legacy',
          sourceWorkload: 'batch',
        },
      ],
    });
    const permissive = peerAuthentication('edge', 'default', {
      mode: 'PERMISSIVE',
    });
    const onlyRetool = run([gateway, permissive, allowRetool], plaintext);
    expect(onlyRetool.denied[0].detail?.callers).toEqual(['legacy/batch']);
    expect(onlyRetool.denied[0].reason).toContain('no identity (plaintext)');
    // nothing to admit by principal: no remediation
    expect(onlyRetool.denied[0].remediation).toBeUndefined();
  });

  it('ignores dry-run policies for the verdict and reports what they would deny', () => {
    const stagedLockdown = authorizationPolicy(
      'edge',
      'staged-lockdown',
      {
        selector: { matchLabels: { app: 'api-gateway' } },
        rules: allowRetool.spec!.rules as never,
      },
      { dryRun: true },
    );
    const { denied, dryRun } = run([gateway, stagedLockdown], traffic);
    expect(denied).toEqual([]);
    expect(dryRun).toEqual([
      expect.objectContaining({
        subject: 'edge/staged-lockdown',
        severity: 'info',
        detail: expect.objectContaining({
          callers: ['istio-system/istio-ingressgateway'],
        }),
      }),
    ]);
  });

  it('lists at most 20 callers and counts the rest', () => {
    const many = metrics({
      identities: Array.from({ length: 25 }, (_, i) =>
        identity(
          'edge/api-gateway',
          `spiffe://cluster.local/ns/load/sa/c${i}`,
          10,
        ),
      ),
    });
    const { denied } = run([gateway, allowRetool], many);
    expect(denied[0].detail?.callers).toHaveLength(20);
    expect(denied[0].detail?.callersTotal).toBe(25);
    expect(denied[0].reason).toContain('and 5 more');
  });
});
