/**
 * Postures and catalog entities of a small shop mesh: each fixture states
 * what differs from an ordinary meshed, STRICT workload.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  AuthzRuleSummary,
  EntityPosture,
  EntityWorkload,
  Finding,
} from '@mesh-security/plugin-mesh-security-common';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';

const ASSUMPTIONS = {
  rootNamespace: 'istio-system',
  enableAutoMtls: true,
  trustDomain: 'cluster.local',
  trustDomainAliases: [],
  meshConfigSource: 'istio-system',
};

export function workload(
  namespace: string,
  name: string,
  overrides: Partial<EntityWorkload> = {},
): EntityWorkload {
  return {
    namespace,
    name,
    kind: 'Deployment',
    inMesh: true,
    dataplane: 'sidecar',
    mtlsMode: 'STRICT',
    decidedBy: 'istio-system/default',
    decisionChain: [
      {
        level: 'default',
        policy: null,
        mode: 'UNSET',
        effective: 'PERMISSIVE',
      },
      {
        level: 'mesh',
        policy: 'istio-system/default',
        mode: 'STRICT',
        effective: 'STRICT',
      },
    ],
    pods: [`${name}-5p2gvt4xm-2wcqp`],
    mixedPods: false,
    labels: {
      app: name,
      version: 'v1',
      'pod-template-hash': '5p2gvt4xm',
      'security.istio.io/tlsMode': 'istio',
    },
    serviceAccounts: [name],
    ports: [8080],
    services: [`${namespace}/${name}`],
    authorization: {
      policies: [],
      stance: 'no-policy',
      custom: [],
      deny: [],
      allow: [],
      audit: [],
    },
    mayCall: [],
    cluster: 'demo',
    ...overrides,
  };
}

/** PERMISSIVE through the namespace policy `<namespace>/default`. */
export function permissive(
  namespace: string,
  name: string,
  overrides: Partial<EntityWorkload> = {},
): EntityWorkload {
  return workload(namespace, name, {
    mtlsMode: 'PERMISSIVE',
    decidedBy: `${namespace}/default`,
    decisionChain: [
      {
        level: 'default',
        policy: null,
        mode: 'UNSET',
        effective: 'PERMISSIVE',
      },
      {
        level: 'mesh',
        policy: 'istio-system/default',
        mode: 'STRICT',
        effective: 'STRICT',
      },
      {
        level: 'namespace',
        policy: `${namespace}/default`,
        mode: 'PERMISSIVE',
        effective: 'PERMISSIVE',
      },
    ],
    ...overrides,
  });
}

export function posture(
  entityName: string,
  workloads: EntityWorkload[],
  findings: Array<Finding & { cluster?: string }> = [],
): EntityPosture {
  const withCluster = findings.map(f => ({ cluster: 'demo', ...f }));
  return {
    entityRef: `component:default/${entityName}`,
    generatedAt: '2026-11-01T12:00:00.000Z',
    sources: [],
    assumptions: { demo: ASSUMPTIONS },
    workloads,
    services: [],
    findings: withCluster,
    coverage: {
      workloads: workloads.length,
      meshed: workloads.filter(w => w.inMesh).length,
      strict: workloads.filter(w => w.mtlsMode === 'STRICT').length,
      mtlsTrafficShare: null,
    },
    summary: {
      mtlsMode: workloads[0]?.mtlsMode ?? null,
      meshed: workloads.some(w => w.inMesh),
      worstSeverity: null,
      findingsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      rps: null,
      mtlsTrafficShare: null,
      health: null,
      plaintextCallers: [],
      hasAuthorizationPolicy: workloads.some(
        w => w.authorization.policies.length > 0,
      ),
      strictReady: withCluster.some(f => f.rule === 'strict-ready'),
    },
  };
}

export function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/source-location': `url:https://github.com/example-shop/${name}/tree/main/`,
        ...annotations,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/** comms/notification-svc: PERMISSIVE, every observed call mTLS: ready for STRICT namespace-wide. */
export const notificationSvc = posture(
  'notification-svc',
  [
    permissive('comms', 'notification-svc', {
      traffic: {
        rps: 500,
        errorShare: 0,
        p50Ms: 5,
        p99Ms: 30,
        mtlsShare: 1,
        health: 'OK',
        inbound: [
          {
            direction: 'inbound',
            peer: 'shop/order-service',
            protocol: 'http',
            rate: 500,
            errorShare: 0,
            p50Ms: 5,
            p99Ms: 30,
            mtlsShare: 1,
            plaintext: false,
            health: 'OK',
            reporter: 'destination',
          },
        ],
        outbound: [],
      },
    }),
  ],
  [
    {
      rule: 'strict-ready',
      severity: 'info',
      subject: 'comms/notification-svc',
      reason:
        'comms/notification-svc accepts plaintext (PERMISSIVE), yet all 43.2M calls it received in the last 24h used mutual TLS: it is ready for STRICT.',
      detail: { calls: 43200000, scope: 'namespace' },
    },
  ],
);

/** shop/cart-service: PERMISSIVE, called in plaintext by a cron job and the legacy ERP bridge. */
export const cartService = posture(
  'cart-service',
  [permissive('shop', 'cart-service')],
  [
    {
      rule: 'plaintext-traffic-observed',
      severity: 'high',
      subject: 'shop/cart-service',
      reason:
        'shop/cart-service accepted 12 req/s of plaintext from 2 callers (legacy/legacy-service, tools/price-sync); STRICT mTLS would reject these callers.',
      detail: {
        callers: ['legacy/legacy-service', 'tools/price-sync'],
        callersTotal: 2,
        rate: 12,
      },
    },
  ],
);

const allowOrderService: AuthzRuleSummary = {
  policy: 'payments/payment-service-callers',
  action: 'ALLOW',
  ruleIndex: 0,
  from: [{ principals: ['cluster.local/ns/shop/sa/order-service'] }],
  to: [{ methods: ['POST'], paths: ['/v1/charges'] }],
  when: [],
  matchesEverything: false,
  dryRun: false,
};

/** payments/payment-service: STRICT, only order-service may POST charges. */
export const paymentService = posture('payment-service', [
  workload('payments', 'payment-service', {
    authorization: {
      policies: ['payments/payment-service-callers'],
      stance: 'restricted',
      custom: [],
      deny: [],
      allow: [allowOrderService],
      audit: [],
    },
  }),
]);

/** shop/order-service: meshed, service account order-service. */
export const orderService = posture('order-service', [
  workload('shop', 'order-service'),
]);

/** shop/user-service: meshed, no ALLOW policy (every caller may call it). */
export const userService = posture('user-service', [
  workload('shop', 'user-service'),
]);

/** tools/price-sync: a CronJob whose pods run without a service account of their own in the report. */
export const priceSync = posture('price-sync', [
  workload('tools', 'price-sync', { kind: 'CronJob', serviceAccounts: [] }),
]);

/** A catalog entity whose annotation matches no workload. */
export const undeployed = posture('new-service', []);

export const entities: Entity[] = [
  component('notification-svc', 'group:default/comms-team'),
  component('cart-service', 'group:default/commerce-team'),
  component('payment-service', 'group:default/payments-team', {
    'backstage.io/source-location':
      'url:https://github.com/example-shop/payments/tree/release/services/payment-service/',
  }),
  component('order-service', 'user:default/jdoe'),
  component('user-service', 'group:default/identity-team'),
  component('price-sync', 'group:default/pricing-team'),
  component('new-service', 'group:default/commerce-team'),
  component('legacy-bridge', 'group:default/erp-team', {
    'backstage.io/kubernetes-id': 'legacy-service',
    'backstage.io/kubernetes-namespace': 'legacy',
  }),
  component('docs-site', 'group:default/platform-team', {
    'backstage.io/source-location': '',
  }),
];

export const postures: Record<string, EntityPosture> = {
  'component:default/notification-svc': notificationSvc,
  'component:default/cart-service': cartService,
  'component:default/payment-service': paymentService,
  'component:default/order-service': orderService,
  'component:default/user-service': userService,
  'component:default/price-sync': priceSync,
  'component:default/new-service': undeployed,
};

/** The mesh-security service, answering from `postures` and recording whose credentials it was given. */
export function fakeMeshSecurity(
  byRef: Record<string, EntityPosture> = postures,
): MeshSecurityService & { calls: Array<{ ref: string; principal: unknown }> } {
  const calls: Array<{ ref: string; principal: unknown }> = [];
  return {
    calls,
    async getEntityPosture(ref, options) {
      calls.push({ ref, principal: options?.credentials?.principal });
      return byRef[ref];
    },
    async getTeamScorecard() {
      return undefined;
    },
  };
}
