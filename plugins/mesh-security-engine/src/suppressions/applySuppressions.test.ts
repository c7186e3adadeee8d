import type {
  Finding,
  KubeObject,
  MeshReport,
  WorkloadPosture,
} from '@mesh-security/plugin-mesh-security-common';
import { applySuppressions } from './applySuppressions';
import type { SuppressionEntry } from './types';

const NOW = new Date('2026-08-03T09:00:00Z');

function workload(ns: string, name: string, pods: string[]): WorkloadPosture {
  return {
    namespace: ns,
    name,
    kind: 'Deployment',
    inMesh: true,
    dataplane: 'sidecar',
    mtlsMode: 'DISABLE',
    decidedBy: null,
    decisionChain: [],
    pods,
    mixedPods: false,
    labels: {},
    serviceAccounts: ['default'],
    ports: [8080],
    services: [],
    authorization: {
      policies: [],
      stance: 'no-policy',
      custom: [],
      deny: [],
      allow: [],
      audit: [],
    },
  };
}

const finding = (
  rule: Finding['rule'],
  subject: string,
  severity: Finding['severity'] = 'high',
): Finding => ({ rule, severity, subject, reason: `${rule} on ${subject}` });

/** A report as the engine leaves it before suppressions: shop/web runs pod web-1. */
function report(findings: Finding[]): MeshReport {
  return {
    evaluatedAt: NOW.toISOString(),
    assumptions: {
      rootNamespace: 'istio-system',
      enableAutoMtls: true,
      trustDomain: 'cluster.local',
      trustDomainAliases: [],
      meshConfigSource: null,
    },
    workloads: {
      'shop/web': workload('shop', 'web', ['web-6d4f-abcde']),
      'shop/api': workload('shop', 'api', []),
    },
    services: [],
    findings,
    coverage: { workloads: 2, meshed: 2, strict: 0, byNamespace: {} },
    warnings: [],
  };
}

const mtlsDisabled = finding('mtls-disabled', 'shop/web');
const apiDisabled = finding('mtls-disabled', 'shop/api');
const policyAllowAll = finding('authz-allow-all', 'shop/web');
const nsLabels = finding('namespace-multiple-injection-labels', '/shop', 'low');

const annotated = (
  kind: string,
  name: string,
  annotations: Record<string, string>,
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  apiVersion: kind === 'Namespace' || kind === 'Pod' ? 'v1' : 'apps/v1',
  kind,
  metadata: {
    name,
    ...(kind === 'Namespace' ? {} : { namespace: 'shop' }),
    annotations,
  },
  ...extra,
});

const suppress = (rules: string, reason?: string) => ({
  'mesh-security.io/suppress': rules,
  ...(reason !== undefined && { 'mesh-security.io/suppress-reason': reason }),
});

function apply(
  findings: Finding[],
  objects: unknown[],
  suppressions?: SuppressionEntry[],
  now = NOW,
) {
  return applySuppressions(report(findings), { objects, suppressions, now });
}

const subjects = (list: Finding[] | undefined) =>
  (list ?? []).map(f => `${f.rule} ${f.subject}`);

describe('applySuppressions: annotations', () => {
  it('leaves the findings alone and lists none suppressed without any', () => {
    const result = apply([mtlsDisabled, apiDisabled], []);
    expect(subjects(result.findings)).toEqual([
      'mtls-disabled shop/web',
      'mtls-disabled shop/api',
    ]);
    expect(result.suppressed).toEqual([]);
  });

  it('moves a finding named on its controller, with the reason', () => {
    const result = apply(
      [mtlsDisabled, apiDisabled],
      [annotated('Deployment', 'web', suppress('mtls-disabled', 'legacy TLS'))],
    );
    expect(subjects(result.findings)).toEqual(['mtls-disabled shop/api']);
    expect(result.suppressed).toEqual([
      {
        ...mtlsDisabled,
        suppression: { by: 'annotation', reason: 'legacy TLS' },
      },
    ]);
  });

  it('reads the pod template of a controller', () => {
    const deployment = annotated(
      'Deployment',
      'web',
      {},
      {
        spec: {
          template: { metadata: { annotations: suppress('mtls-disabled') } },
        },
      },
    );
    const result = apply([mtlsDisabled], [deployment]);
    expect(result.findings).toEqual([]);
    expect(result.suppressed?.[0].suppression).toEqual({
      by: 'annotation',
      reason: null,
    });
  });

  it("reads a CronJob's job template", () => {
    const cron = annotated(
      'CronJob',
      'web',
      {},
      {
        spec: {
          jobTemplate: {
            spec: {
              template: {
                metadata: { annotations: suppress('mtls-disabled') },
              },
            },
          },
        },
      },
    );
    expect(apply([mtlsDisabled], [cron]).findings).toEqual([]);
  });

  it('covers a declared workload (a controller without pods) by its own name', () => {
    const result = apply(
      [mtlsDisabled, apiDisabled],
      [annotated('StatefulSet', 'api', suppress('mtls-disabled'))],
    );
    expect(subjects(result.suppressed)).toEqual(['mtls-disabled shop/api']);
  });

  it("maps a pod to its workload through the report's pod names", () => {
    const result = apply(
      [mtlsDisabled, apiDisabled],
      [annotated('Pod', 'web-6d4f-abcde', suppress('mtls-disabled', 'why'))],
    );
    expect(subjects(result.suppressed)).toEqual(['mtls-disabled shop/web']);
    expect(subjects(result.findings)).toEqual(['mtls-disabled shop/api']);
  });

  it("lets a ReplicaSet's annotation speak for its Deployment", () => {
    const rs = annotated('ReplicaSet', 'web-6d4f', suppress('mtls-disabled'));
    rs.metadata.ownerReferences = [
      { kind: 'Deployment', name: 'web', controller: true },
    ];
    expect(subjects(apply([mtlsDisabled], [rs]).suppressed)).toEqual([
      'mtls-disabled shop/web',
    ]);
  });

  it('reads a policy annotation for the policy only, not a workload of the same name', () => {
    const policy = annotated('AuthorizationPolicy', 'web', suppress('*'));
    policy.apiVersion = 'security.istio.io/v1';
    const result = apply([mtlsDisabled, policyAllowAll], [policy]);
    expect(subjects(result.suppressed)).toEqual(['authz-allow-all shop/web']);
    expect(subjects(result.findings)).toEqual(['mtls-disabled shop/web']);
  });

  it('does not let a workload annotation suppress a policy of the same name', () => {
    const result = apply(
      [mtlsDisabled, policyAllowAll],
      [annotated('Deployment', 'web', suppress('*'))],
    );
    expect(subjects(result.suppressed)).toEqual(['mtls-disabled shop/web']);
  });

  it('lets a Namespace annotation cover every subject in it and itself', () => {
    const otherNs = finding('mtls-disabled', 'payments/api');
    const result = apply(
      [mtlsDisabled, policyAllowAll, nsLabels, otherNs],
      [annotated('Namespace', 'shop', suppress('*', 'sandbox'))],
    );
    expect(subjects(result.suppressed)).toEqual([
      'mtls-disabled shop/web',
      'authz-allow-all shop/web',
      'namespace-multiple-injection-labels /shop',
    ]);
    expect(subjects(result.findings)).toEqual(['mtls-disabled payments/api']);
    expect(result.suppressed?.[0].suppression.reason).toBe('sandbox');
  });

  it('suppresses only the named rules', () => {
    const permissive = finding('mtls-permissive', 'shop/web', 'low');
    const result = apply(
      [mtlsDisabled, permissive],
      [annotated('Deployment', 'web', suppress(' mtls-permissive ,'))],
    );
    expect(subjects(result.suppressed)).toEqual(['mtls-permissive shop/web']);
    expect(subjects(result.findings)).toEqual(['mtls-disabled shop/web']);
  });

  it('reads objects inside a List', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [annotated('Deployment', 'web', suppress('mtls-disabled'))],
    };
    expect(apply([mtlsDisabled], [list]).findings).toEqual([]);
  });

  it('warns about an unknown rule id, naming the object, and still applies the known ones', () => {
    const result = apply(
      [mtlsDisabled],
      [annotated('Deployment', 'web', suppress('mtls-disabled, foo'))],
    );
    expect(result.warnings).toEqual([
      'Deployment shop/web: mesh-security.io/suppress names unknown rule "foo"',
    ]);
    expect(result.findings).toEqual([]);
  });

  it('warns about an empty annotation and one on a pod template', () => {
    const deployment = annotated('Deployment', 'web', suppress(' , '), {
      spec: { template: { metadata: { annotations: suppress('bar') } } },
    });
    const result = apply([mtlsDisabled], [deployment]);
    expect(result.warnings).toEqual([
      'Deployment shop/web: mesh-security.io/suppress names no rule (list rule ids, or "*")',
      'Deployment shop/web (pod template): mesh-security.io/suppress names unknown rule "bar"',
    ]);
    expect(subjects(result.findings)).toEqual(['mtls-disabled shop/web']);
  });
});

describe('applySuppressions: configured entries', () => {
  const entry = (over: Partial<SuppressionEntry> = {}): SuppressionEntry => ({
    rule: 'mtls-disabled',
    subject: 'shop/*',
    reason: 'migrating',
    ...over,
  });

  it('matches rule and subject glob, and carries reason and until', () => {
    const result = apply(
      [
        mtlsDisabled,
        apiDisabled,
        policyAllowAll,
        finding('mtls-disabled', 'payments/web'),
      ],
      [],
      [entry({ until: '2026-12-31' })],
    );
    expect(subjects(result.suppressed)).toEqual([
      'mtls-disabled shop/web',
      'mtls-disabled shop/api',
    ]);
    expect(result.suppressed?.[0].suppression).toEqual({
      by: 'config',
      reason: 'migrating',
      until: '2026-12-31',
    });
    expect(subjects(result.findings)).toEqual([
      'authz-allow-all shop/web',
      'mtls-disabled payments/web',
    ]);
  });

  it('takes "*" as every rule', () => {
    const result = apply(
      [mtlsDisabled, policyAllowAll, apiDisabled],
      [],
      [entry({ rule: '*', subject: 'shop/web' })],
    );
    expect(subjects(result.findings)).toEqual(['mtls-disabled shop/api']);
  });

  it('applies a date through the end of that day in UTC, not a moment longer', () => {
    const until = entry({ until: '2026-08-03' });
    const at = (iso: string) =>
      apply([mtlsDisabled], [], [until], new Date(iso)).suppressed?.length;
    expect(at('2026-08-03T23:59:59.999Z')).toBe(1);
    expect(at('2026-08-04T00:00:00.000Z')).toBe(0);
  });

  it('applies a timestamp up to and including that instant', () => {
    const until = entry({ until: '2026-08-03T11:00:00+02:00' });
    const at = (iso: string) =>
      apply([mtlsDisabled], [], [until], new Date(iso)).suppressed?.length;
    expect(at('2026-08-03T09:00:00.000Z')).toBe(1);
    expect(at('2026-08-03T09:00:00.001Z')).toBe(0);
  });

  it('prefers the annotation on the object to a configured entry', () => {
    const result = apply(
      [mtlsDisabled],
      [annotated('Deployment', 'web', suppress('mtls-disabled', 'owner says'))],
      [entry()],
    );
    expect(result.suppressed?.[0].suppression).toEqual({
      by: 'annotation',
      reason: 'owner says',
    });
  });

  it('refuses an invalid entry handed to it directly', () => {
    expect(() =>
      apply([mtlsDisabled], [], [entry({ rule: 'nope' as 'mtls-disabled' })]),
    ).toThrow(/unknown rule "nope"/);
  });
});
