import { computeGrade } from '@mesh-security/plugin-mesh-security-common';
import {
  legacyService,
  paymentService,
  posture,
  undeployedService,
} from './__fixtures__/postures';
import { meshSecurityFactSchema, postureToFacts } from './postureFacts';

describe('postureToFacts', () => {
  it('reports a STRICT, fully mTLS service', () => {
    expect(postureToFacts(paymentService)).toEqual({
      mtlsMode: 'STRICT',
      strictCoverage: 1,
      mtlsTrafficShare: 1,
      meshedWorkloadRatio: 1,
      plaintextCallers: 0,
      plaintextCallerWorkloads: [],
      criticalFindings: 0,
      highFindings: 0,
      findingClusters: [],
      hasAuthorizationPolicy: true,
      grade: 'A',
      score: 100,
    });
  });

  it('reports a service outside the mesh with its plaintext callers', () => {
    // 100 − 30 (not STRICT) − 30 (no mTLS traffic) − 8 (high) − 2 (medium)
    expect(postureToFacts(legacyService)).toEqual({
      mtlsMode: 'NONE',
      strictCoverage: 0,
      mtlsTrafficShare: 0,
      meshedWorkloadRatio: 0,
      plaintextCallers: 1,
      plaintextCallerWorkloads: ['shop/order-service'],
      criticalFindings: 0,
      highFindings: 1,
      findingClusters: [],
      hasAuthorizationPolicy: false,
      grade: 'F',
      score: 30,
    });
  });

  it('never reads policies or findings it could not see as none', () => {
    // the AuthorizationPolicies of its cluster could not be read
    const unread = posture('component:default/billing', {
      coverage: { workloads: 2, meshed: 2, strict: 2, mtlsTrafficShare: 1 },
      summary: {
        mtlsMode: 'STRICT',
        meshed: true,
        hasAuthorizationPolicy: null,
        unknownKinds: ['AuthorizationPolicy'],
      },
    });
    expect(postureToFacts(unread)).toMatchObject({
      mtlsMode: 'STRICT',
      strictCoverage: 1,
      meshedWorkloadRatio: 1,
      hasAuthorizationPolicy: null,
      criticalFindings: null,
      highFindings: null,
      grade: null,
      score: null,
    });
    // nor the mode when its PeerAuthentications could not be read
    const modeUnread = posture('component:default/billing', {
      coverage: { workloads: 2, meshed: 2, strict: 0, mtlsTrafficShare: 1 },
      summary: { mtlsMode: null, unknownKinds: ['PeerAuthentication'] },
    });
    expect(postureToFacts(modeUnread)).toMatchObject({
      mtlsMode: null,
      strictCoverage: null,
      meshedWorkloadRatio: null,
      grade: null,
    });
  });

  it('computes the grade with the shared formula from partial coverage', () => {
    const mixed = posture('component:default/mixed', {
      coverage: { workloads: 4, meshed: 4, strict: 3, mtlsTrafficShare: 0.9 },
      summary: {
        mtlsMode: 'MIXED',
        rps: 10,
        findingsBySeverity: {
          critical: 1,
          high: 0,
          medium: 0,
          low: 0,
          info: 0,
        },
      },
    });
    const facts = postureToFacts(mixed);
    const expected = computeGrade({
      strictShare: 0.75,
      mtlsTrafficShare: 0.9,
      findingsBySeverity: mixed.summary.findingsBySeverity,
    });
    expect(facts).toMatchObject({
      mtlsMode: 'MIXED',
      strictCoverage: 0.75,
      criticalFindings: 1,
      grade: expected.grade,
      score: expected.score,
    });
    // a critical finding caps the grade at D
    expect(facts.grade).toBe('D');
  });

  it('never turns an unknown posture into a pass', () => {
    const facts = postureToFacts(undeployedService);
    expect(facts).toEqual({
      mtlsMode: null,
      strictCoverage: null,
      mtlsTrafficShare: null,
      meshedWorkloadRatio: null,
      plaintextCallers: null,
      plaintextCallerWorkloads: [],
      criticalFindings: null,
      highFindings: null,
      findingClusters: [],
      hasAuthorizationPolicy: false,
      grade: null,
      score: null,
    });
    // null, not undefined: a missing key would make the checker skip the check
    expect(Object.values(JSON.parse(JSON.stringify(facts)))).toHaveLength(
      Object.keys(meshSecurityFactSchema).length,
    );
  });

  it('counts and names both clusters when two hold the same names', () => {
    const twin = {
      ...posture('component:default/twin-service', {
        coverage: { workloads: 2, meshed: 2, strict: 0, mtlsTrafficShare: 0.5 },
        summary: {
          mtlsMode: 'PERMISSIVE',
          findingsBySeverity: {
            critical: 0,
            high: 2,
            medium: 0,
            low: 0,
            info: 0,
          },
        },
      }),
      findings: ['west', 'east'].map(cluster => ({
        rule: 'plaintext-traffic-observed' as const,
        severity: 'high' as const,
        subject: 'shop/twin-service',
        reason: 'plaintext callers',
        cluster,
      })),
    };
    expect(postureToFacts(twin)).toMatchObject({
      highFindings: 2,
      findingClusters: ['east', 'west'],
    });
  });

  it('does not count unobserved traffic as zero plaintext callers', () => {
    const noMetrics = posture('component:default/no-metrics', {
      coverage: { workloads: 2, meshed: 2, strict: 2, mtlsTrafficShare: null },
      summary: { mtlsMode: 'STRICT' },
    });
    expect(postureToFacts(noMetrics)).toMatchObject({
      mtlsMode: 'STRICT',
      mtlsTrafficShare: null,
      plaintextCallers: null,
      grade: 'A',
    });
  });

  it('emits exactly the facts the schema declares', () => {
    expect(Object.keys(postureToFacts(paymentService)).sort()).toEqual(
      Object.keys(meshSecurityFactSchema).sort(),
    );
  });
});
