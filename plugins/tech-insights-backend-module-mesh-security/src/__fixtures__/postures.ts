import type {
  EntityPosture,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';

const noFindings: Record<Severity, number> = {
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
};

/** Builds an EntityPosture; only the fields the facts read need to vary. */
export function posture(
  entityRef: string,
  parts: {
    coverage: EntityPosture['coverage'];
    summary?: Partial<EntityPosture['summary']>;
  },
): EntityPosture {
  return {
    entityRef,
    generatedAt: '2026-08-01T12:00:00.000Z',
    sources: [{ name: 'kubernetes:prod-eu', kind: 'kubernetes', state: 'ok' }],
    assumptions: {},
    workloads: [],
    services: [],
    findings: [],
    coverage: parts.coverage,
    summary: {
      mtlsMode: null,
      meshed: false,
      worstSeverity: null,
      findingsBySeverity: noFindings,
      rps: null,
      mtlsTrafficShare: parts.coverage.mtlsTrafficShare,
      health: null,
      plaintextCallers: [],
      hasAuthorizationPolicy: false,
      strictReady: false,
      ...parts.summary,
    },
  };
}

/** payment-service of the reference scenario: STRICT, 100 % mTLS, clean. */
export const paymentService = posture('component:default/payment-service', {
  coverage: { workloads: 1, meshed: 1, strict: 1, mtlsTrafficShare: 1 },
  summary: {
    mtlsMode: 'STRICT',
    meshed: true,
    rps: 1000,
    health: 'OK',
    hasAuthorizationPolicy: true,
  },
});

/** legacy-service: outside the mesh, plaintext from order-service. */
export const legacyService = posture('component:default/legacy-service', {
  coverage: { workloads: 1, meshed: 0, strict: 0, mtlsTrafficShare: 0 },
  summary: {
    mtlsMode: 'NONE',
    worstSeverity: 'high',
    findingsBySeverity: { ...noFindings, high: 1, medium: 1 },
    rps: 200,
    health: 'WARN',
    plaintextCallers: ['shop/order-service'],
  },
});

/** Annotated for Kubernetes, but no workload matched (not deployed yet). */
export const undeployedService = posture('component:default/new-service', {
  coverage: { workloads: 0, meshed: 0, strict: 0, mtlsTrafficShare: null },
});
