/**
 * GET /overview as the backend would serve it for the reference scenario
 * (the demo mesh of README.md and examples/mesh): 6 of 7 workloads meshed, ≈98 % of
 * traffic mTLS, one plaintext flow (order-service → legacy-service).
 * Team grades come from the shared formula, not from literals.
 */
import {
  EntitySummary,
  Finding,
  MeshOverview,
  ScorecardEntity,
  SEVERITIES,
  TeamScorecard,
  computeGrade,
  countBySeverity,
} from '@mesh-security/plugin-mesh-security-common';

type MeshFinding = Finding & { cluster: string };

const PA_STRICT_COMMS = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: comms
spec:
  mtls:
    mode: STRICT
`;

export const referenceFindings: MeshFinding[] = [
  {
    rule: 'plaintext-traffic-observed',
    severity: 'high',
    subject: 'legacy/legacy-service',
    reason:
      'legacy-service receives 200 requests/s in plaintext from shop/order-service.',
    detail: { callers: ['shop/order-service'] },
    cluster: 'demo',
  },
  {
    rule: 'workload-outside-mesh',
    severity: 'medium',
    subject: 'legacy/legacy-service',
    reason:
      'legacy-service has no sidecar and its namespace is not enabled for injection.',
    remediation: `apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    istio-injection: enabled
`,
    cluster: 'demo',
  },
  {
    rule: 'authz-unknown-principal',
    severity: 'medium',
    subject: 'edge/api-gateway',
    reason:
      'The policy grants cluster.local/ns/shop/sa/frontend, but no service account frontend exists in shop.',
    detail: { grant: 'cluster.local/ns/shop/sa/frontend' },
    cluster: 'demo',
  },
  {
    rule: 'authz-unknown-principal',
    severity: 'medium',
    subject: 'edge/api-gateway',
    reason:
      'The policy grants cluster.local/ns/shop/sa/admin-service, but no service account admin-service exists in shop.',
    detail: { grant: 'cluster.local/ns/shop/sa/admin-service' },
    cluster: 'demo',
  },
  {
    rule: 'mtls-permissive',
    severity: 'low',
    subject: 'comms/notification-svc',
    reason: 'notification-svc accepts plaintext (namespace policy PERMISSIVE).',
    remediation: PA_STRICT_COMMS,
    cluster: 'demo',
  },
  {
    rule: 'authz-unused-grant',
    severity: 'low',
    subject: 'edge/api-gateway',
    reason:
      'cluster.local/ns/shop/sa/admin-service is allowed but was never seen calling in 24h.',
    detail: { grant: 'cluster.local/ns/shop/sa/admin-service' },
    cluster: 'demo',
  },
  {
    rule: 'strict-ready',
    severity: 'info',
    subject: 'comms/notification-svc',
    reason:
      'Every observed call to notification-svc in 24h used mTLS: it is ready for STRICT.',
    remediation: PA_STRICT_COMMS,
    cluster: 'demo',
  },
];

function service(
  name: string,
  workload: string,
  summary: Omit<
    EntitySummary,
    'findingsBySeverity' | 'worstSeverity' | 'meshed' | 'hasAuthorizationPolicy'
  > & { hasAuthorizationPolicy?: boolean },
): ScorecardEntity {
  const own = referenceFindings.filter(f => f.subject === workload);
  const counts = countBySeverity(own);
  return {
    entityRef: `component:default/${name}`,
    title: name,
    summary: {
      hasAuthorizationPolicy: false,
      ...summary,
      meshed: summary.mtlsMode !== 'NONE',
      findingsBySeverity: counts,
      worstSeverity: SEVERITIES.find(s => counts[s] > 0) ?? null,
    },
  };
}

const base = { plaintextCallers: [] as string[], strictReady: false };
const apiGateway = service('api-gateway', 'edge/api-gateway', {
  ...base,
  mtlsMode: 'STRICT',
  rps: 5012,
  mtlsTrafficShare: 1,
  health: 'OK',
  hasAuthorizationPolicy: true,
});
const userService = service('user-service', 'shop/user-service', {
  ...base,
  mtlsMode: 'STRICT',
  rps: 2000,
  mtlsTrafficShare: 1,
  health: 'OK',
});
const orderService = service('order-service', 'shop/order-service', {
  ...base,
  mtlsMode: 'STRICT',
  rps: 3000,
  mtlsTrafficShare: 1,
  health: 'OK',
});
const paymentService = service('payment-service', 'payments/payment-service', {
  ...base,
  mtlsMode: 'STRICT',
  rps: 1000,
  mtlsTrafficShare: 1,
  health: 'OK',
});
const notificationSvc = service('notification-svc', 'comms/notification-svc', {
  ...base,
  mtlsMode: 'PERMISSIVE',
  rps: 500,
  mtlsTrafficShare: 1,
  health: 'OK',
  strictReady: true,
});
const legacyService = service('legacy-service', 'legacy/legacy-service', {
  ...base,
  mtlsMode: 'NONE',
  rps: 200,
  mtlsTrafficShare: 0,
  health: 'WARN',
  plaintextCallers: ['shop/order-service'],
});
const retool = service('retool', 'tools/retool', {
  ...base,
  mtlsMode: 'STRICT',
  rps: null,
  mtlsTrafficShare: null,
  health: null,
});

function team(name: string, entities: ScorecardEntity[]): TeamScorecard {
  const strict = entities.filter(e => e.summary.mtlsMode === 'STRICT').length;
  let rps = 0;
  let mtlsRps = 0;
  for (const e of entities) {
    if (e.summary.rps === null || e.summary.mtlsTrafficShare === null) continue;
    rps += e.summary.rps;
    mtlsRps += e.summary.rps * e.summary.mtlsTrafficShare;
  }
  const findingsBySeverity = countBySeverity([]);
  for (const e of entities) {
    for (const s of SEVERITIES) {
      findingsBySeverity[s] += e.summary.findingsBySeverity[s];
    }
  }
  const strictShare = entities.length ? strict / entities.length : null;
  const mtlsTrafficShare = rps > 0 ? mtlsRps / rps : null;
  return {
    groupRef: `group:default/${name}`,
    title: name,
    services: entities.length,
    strictShare,
    mtlsTrafficShare,
    findingsBySeverity,
    ...computeGrade({ strictShare, mtlsTrafficShare, findingsBySeverity }),
    entities,
  };
}

export const referenceTeams: TeamScorecard[] = [
  team('platform-team', [apiGateway]),
  team('identity-team', [userService]),
  team('commerce-team', [orderService, paymentService, legacyService]),
  team('comms-team', [notificationSvc]),
  team('internal-tools-team', [retool]),
];

/**
 * Not part of the reference scenario: a team whose one annotated service
 * matches no workload (not deployed yet), so the backend gives it no grade.
 */
export const undeployedTeam: TeamScorecard = {
  groupRef: 'group:default/docs-team',
  title: 'docs-team',
  services: 1,
  strictShare: null,
  mtlsTrafficShare: null,
  findingsBySeverity: countBySeverity([]),
  ...computeGrade({
    strictShare: null,
    mtlsTrafficShare: null,
    findingsBySeverity: {},
  }),
  entities: [
    {
      entityRef: 'component:default/handbook',
      title: 'handbook',
      summary: {
        ...base,
        mtlsMode: null,
        meshed: false,
        worstSeverity: null,
        findingsBySeverity: countBySeverity([]),
        rps: null,
        mtlsTrafficShare: null,
        health: null,
        hasAuthorizationPolicy: false,
      },
    },
  ],
};

const services = [
  legacyService,
  apiGateway,
  notificationSvc,
  userService,
  orderService,
  paymentService,
  retool,
];

const totalRps = 5012 + 2000 + 3000 + 1000 + 500 + 200;

export const referenceOverview: MeshOverview = {
  generatedAt: '2026-01-15T10:00:00.000Z',
  sources: [
    {
      name: 'manifests',
      kind: 'manifests',
      state: 'ok',
      lastSuccessAt: '2026-01-15T10:00:00.000Z',
    },
    {
      name: 'metrics-snapshot',
      kind: 'metrics-snapshot',
      state: 'ok',
      lastSuccessAt: '2026-01-15T09:55:00.000Z',
    },
  ],
  coverage: {
    workloads: 7,
    meshed: 6,
    strict: 5,
    byNamespace: {},
    mtlsTrafficShare: (totalRps - 200) / totalRps,
  },
  totalRps,
  plaintextFlows: 1,
  services,
  findings: referenceFindings,
  teams: referenceTeams,
};
