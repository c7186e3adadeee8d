/**
 * Entity postures of the reference scenario (the demo mesh of README.md),
 * as the backend serves them. Shared by this plugin's tests and the overview's.
 */
import type { EntityPosture } from '@mesh-security/plugin-mesh-security-common';
import { flow, posture, sidecarWorkload } from './build';

/** payments/payment-service: STRICT by the mesh and its namespace policy, 100 % mTLS, healthy. */
export const paymentServicePosture: EntityPosture = posture(
  'payment-service',
  [
    sidecarWorkload('payments', 'payment-service', {
      decidedBy: 'payments/default',
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
          policy: 'payments/default',
          mode: 'STRICT',
          effective: 'STRICT',
        },
      ],
      traffic: {
        rps: 1000,
        errorShare: 0.003,
        p50Ms: 20,
        p99Ms: 200,
        mtlsShare: 1,
        health: 'OK',
        inbound: [
          flow('inbound', 'shop/order-service', 1000, {
            errorShare: 0.003,
            p50Ms: 20,
            p99Ms: 200,
          }),
        ],
        outbound: [],
      },
    }),
  ],
  [],
);

const STRICT_FOR_COMMS = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: comms
spec:
  mtls:
    mode: STRICT
`;

/** comms/notification-svc: PERMISSIVE namespace policy, every observed call mTLS → ready for STRICT. */
export const notificationSvcPosture: EntityPosture = posture(
  'notification-svc',
  [
    sidecarWorkload('comms', 'notification-svc', {
      mtlsMode: 'PERMISSIVE',
      decidedBy: 'comms/default',
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
          policy: 'comms/default',
          mode: 'PERMISSIVE',
          effective: 'PERMISSIVE',
        },
      ],
      traffic: {
        rps: 500,
        errorShare: 0,
        p50Ms: 5,
        p99Ms: 30,
        mtlsShare: 1,
        health: 'OK',
        inbound: [
          flow('inbound', 'shop/order-service', 500, {
            errorShare: 0,
            p50Ms: 5,
            p99Ms: 30,
          }),
        ],
        outbound: [],
      },
    }),
  ],
  [
    {
      rule: 'mtls-permissive',
      severity: 'low',
      subject: 'comms/notification-svc',
      reason:
        'notification-svc accepts plaintext because the PeerAuthentication comms/default sets PERMISSIVE.',
      detail: { related: ['comms/default'] },
      remediation: STRICT_FOR_COMMS,
    },
    {
      rule: 'strict-ready',
      severity: 'info',
      subject: 'comms/notification-svc',
      reason:
        'Every request notification-svc received in the last 24h used mTLS, so switching it to STRICT breaks no caller.',
      detail: { related: ['comms/default'] },
      remediation: STRICT_FOR_COMMS,
    },
  ],
);

/** legacy/legacy-service: no sidecar, reached in plaintext by order-service, WARN health. */
export const legacyServicePosture: EntityPosture = posture(
  'legacy-service',
  [
    sidecarWorkload('legacy', 'legacy-service', {
      inMesh: false,
      dataplane: 'none',
      mtlsMode: 'NONE',
      decidedBy: null,
      traffic: {
        rps: 200,
        errorShare: 0.015,
        p50Ms: 50,
        p99Ms: 500,
        mtlsShare: 0,
        health: 'WARN',
        inbound: [
          flow('inbound', 'shop/order-service', 200, {
            errorShare: 0.015,
            p50Ms: 50,
            p99Ms: 500,
            mtlsShare: 0,
            plaintext: true,
            health: 'WARN',
            reporter: 'source',
          }),
        ],
        outbound: [],
      },
    }),
  ],
  [
    {
      rule: 'plaintext-traffic-observed',
      severity: 'high',
      subject: 'legacy/legacy-service',
      reason:
        'legacy-service received 200 requests/s in plaintext; requiring mTLS would break these callers.',
      detail: { callers: ['shop/order-service'] },
    },
    {
      rule: 'workload-outside-mesh',
      severity: 'medium',
      subject: 'legacy/legacy-service',
      reason:
        'legacy-service runs without a sidecar in namespace legacy, which has no injection enabled.',
      remediation: `apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels:
    istio-injection: enabled
`,
    },
  ],
);

const GATEWAY_GRANT_TO = [{ methods: ['GET', 'POST'], paths: ['/api/*'] }];
const RETOOL_GRANT_TO = [
  { methods: ['GET', 'POST'], paths: ['/api/v1/users/*', '/api/v1/orders/*'] },
];

/** edge/api-gateway: three ALLOW policies; one names an unknown service account, two grants are unused. */
export const apiGatewayPosture: EntityPosture = posture(
  'api-gateway',
  [
    sidecarWorkload('edge', 'api-gateway', {
      authorization: {
        policies: [
          'edge/allow-frontend',
          'edge/allow-admin-service',
          'edge/allow-retool',
        ],
        stance: 'restricted',
        custom: [],
        deny: [],
        audit: [],
        allow: [
          {
            policy: 'edge/allow-frontend',
            action: 'ALLOW',
            ruleIndex: 0,
            from: [{ principals: ['cluster.local/ns/shop/sa/frontend'] }],
            to: GATEWAY_GRANT_TO,
            when: [],
            matchesEverything: false,
            dryRun: false,
          },
          {
            policy: 'edge/allow-admin-service',
            action: 'ALLOW',
            ruleIndex: 0,
            from: [{ principals: ['cluster.local/ns/shop/sa/admin-service'] }],
            to: [
              {
                methods: ['GET', 'POST', 'PUT', 'DELETE'],
                paths: ['/api/admin/*'],
              },
            ],
            when: [],
            matchesEverything: false,
            dryRun: false,
          },
          {
            policy: 'edge/allow-retool',
            action: 'ALLOW',
            ruleIndex: 0,
            from: [{ principals: ['cluster.local/ns/tools/sa/retool'] }],
            to: RETOOL_GRANT_TO,
            when: [],
            matchesEverything: false,
            dryRun: false,
          },
        ],
      },
      traffic: {
        rps: 5000,
        errorShare: 0.002,
        p50Ms: 12,
        p99Ms: 85,
        mtlsShare: 1,
        health: 'OK',
        inbound: [
          flow('inbound', 'istio-system/istio-ingressgateway', 4988, {
            errorShare: 0.002,
            p50Ms: 12,
            p99Ms: 85,
          }),
          flow('inbound', 'tools/retool', 12, { p50Ms: 14, p99Ms: 90 }),
        ],
        outbound: [
          flow('outbound', 'shop/user-service', 2000, {
            p50Ms: 8,
            p99Ms: 45,
          }),
          flow('outbound', 'shop/order-service', 3000, {
            errorShare: 0.005,
            p50Ms: 15,
            p99Ms: 120,
          }),
        ],
      },
    }),
  ],
  [
    {
      rule: 'authz-unknown-principal',
      severity: 'medium',
      subject: 'edge/allow-frontend',
      reason:
        'AuthorizationPolicy edge/allow-frontend allows cluster.local/ns/shop/sa/frontend, but namespace shop has no service account frontend.',
      detail: { grant: 'cluster.local/ns/shop/sa/frontend' },
    },
    {
      rule: 'authz-unused-grant',
      severity: 'low',
      subject: 'edge/allow-frontend',
      reason:
        'cluster.local/ns/shop/sa/frontend may call api-gateway but was not seen calling in the last 24h.',
      detail: { grant: 'cluster.local/ns/shop/sa/frontend' },
    },
    {
      rule: 'authz-unused-grant',
      severity: 'low',
      subject: 'edge/allow-admin-service',
      reason:
        'cluster.local/ns/shop/sa/admin-service may call api-gateway but was not seen calling in the last 24h.',
      detail: { grant: 'cluster.local/ns/shop/sa/admin-service' },
    },
  ],
);

/**
 * tools/retool: a meshed low-code tool whose only traffic is 12 rps to the
 * gateway; no policy guards it, and edge/allow-retool scopes what it may call.
 */
export const retoolPosture: EntityPosture = posture(
  'retool',
  [
    sidecarWorkload('tools', 'retool', {
      labels: {
        app: 'retool',
        'backstage.io/kubernetes-id': 'retool',
        'sidecar.istio.io/inject': 'true',
      },
      ports: [3000],
      mayCall: [
        {
          target: 'edge/api-gateway',
          policy: 'edge/allow-retool',
          ruleIndex: 0,
          action: 'ALLOW',
          via: 'principal',
          grant: 'cluster.local/ns/tools/sa/retool',
          to: RETOOL_GRANT_TO,
          when: [],
          dryRun: false,
        },
      ],
      traffic: {
        rps: 0,
        errorShare: 0,
        p50Ms: null,
        p99Ms: null,
        mtlsShare: null,
        health: 'OK',
        inbound: [],
        outbound: [
          flow('outbound', 'edge/api-gateway', 12, { p50Ms: 14, p99Ms: 90 }),
        ],
      },
    }),
  ],
  [],
);
