import type { WorkloadTraffic } from '@mesh-security/plugin-mesh-security-common';
import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { entityPosture } from './entityPosture';

function traffic(
  rps: number,
  mtlsShare: number | null,
  extra: Partial<WorkloadTraffic> = {},
): WorkloadTraffic {
  return {
    rps,
    errorShare: 0,
    p50Ms: 5,
    p99Ms: 50,
    mtlsShare,
    health: 'OK',
    inbound: [],
    outbound: [],
    ...extra,
  };
}

const notification = workload('comms/notification-svc', {
  mtlsMode: 'PERMISSIVE',
  decidedBy: 'comms/default',
  decisionChain: [
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
  authorization: {
    policies: ['comms/allow-orders'],
    stance: 'restricted',
    custom: [],
    deny: [],
    allow: [],
    audit: [],
  },
  traffic: traffic(400, 1),
});
const notificationWorker = workload('comms/notification-worker', {
  labels: { 'backstage.io/kubernetes-id': 'notification-svc' },
  services: [],
  traffic: traffic(100, 0.5, {
    health: 'WARN',
    inbound: [
      {
        direction: 'inbound',
        peer: 'tools/cron',
        protocol: 'http',
        rate: 50,
        errorShare: 0,
        p50Ms: 1,
        p99Ms: 2,
        mtlsShare: 0,
        plaintext: true,
        health: 'OK',
        reporter: 'destination',
      },
    ],
  }),
});
const other = workload('comms/mailer');

const view = indexSnapshot(
  'r1',
  snapshot({
    prod: report(
      [notification, notificationWorker, other],
      [
        finding('mtls-permissive', 'low', 'comms/notification-svc'),
        finding('strict-ready', 'info', 'comms/notification-svc'),
        finding(
          'plaintext-traffic-observed',
          'high',
          'comms/notification-worker',
          { detail: { callers: ['shop/legacy-job'] } },
        ),
        finding('peerauthentication-conflict', 'medium', 'comms/default'),
        finding('authz-unknown-principal', 'medium', 'comms/allow-orders'),
        finding('dr-tls-disable-in-mesh', 'medium', 'comms/notification-svc', {
          port: 80,
        }),
        finding('namespace-multiple-injection-labels', 'low', '/comms'),
        finding('mtls-disabled', 'high', 'comms/mailer'),
        finding('auto-mtls-disabled', 'medium', 'istio-system/istio'),
      ],
    ),
  }),
);

describe('entityPosture', () => {
  const posture = entityPosture(view, component('notification-svc'));

  it('lists the entity workloads with their cluster and services', () => {
    expect(posture.entityRef).toBe('component:default/notification-svc');
    expect(
      posture.workloads.map(w => `${w.cluster}:${w.namespace}/${w.name}`),
    ).toEqual([
      'prod:comms/notification-svc',
      'prod:comms/notification-worker',
    ]);
    expect(posture.services.map(s => `${s.cluster}:${s.service}`)).toEqual([
      'prod:comms/notification-svc',
    ]);
    expect(Object.keys(posture.assumptions)).toEqual(['prod']);
  });

  it('collects findings about the workloads, their policies, services and namespace, worst first', () => {
    expect(
      posture.findings.map(f => `${f.severity} ${f.rule} ${f.subject}`),
    ).toEqual([
      'high plaintext-traffic-observed comms/notification-worker',
      'medium authz-unknown-principal comms/allow-orders',
      'medium peerauthentication-conflict comms/default',
      'medium dr-tls-disable-in-mesh comms/notification-svc',
      'low namespace-multiple-injection-labels /comms',
      'low mtls-permissive comms/notification-svc',
      'info strict-ready comms/notification-svc',
    ]);
  });

  it('gives every finding its cluster', () => {
    expect(new Set(posture.findings.map(f => f.cluster))).toEqual(
      new Set(['prod']),
    );
  });

  it('keeps two clusters with the same names apart: each finding once per cluster, with its cluster', () => {
    const twin = () =>
      report(
        [workload('comms/mailer')],
        [finding('mtls-disabled', 'high', 'comms/mailer')],
      );
    const twins = indexSnapshot(
      'r2',
      snapshot({ 'eu-west': twin(), 'us-east': twin() }),
    );
    const mailer = entityPosture(
      twins,
      component('mailer', {
        'backstage.io/kubernetes-label-selector': 'app=mailer',
      }),
    );
    expect(mailer.workloads.map(w => w.cluster)).toEqual([
      'eu-west',
      'us-east',
    ]);
    expect(mailer.findings.map(f => `${f.cluster} ${f.rule}`)).toEqual([
      'eu-west mtls-disabled',
      'us-east mtls-disabled',
    ]);
    // what tags and facts read: one high finding per cluster
    expect(mailer.summary.findingsBySeverity.high).toBe(2);
  });

  it('summarizes disagreeing workloads as MIXED, traffic weighted by rps', () => {
    expect(posture.coverage).toEqual({
      workloads: 2,
      meshed: 2,
      strict: 1,
      mtlsTrafficShare: 0.9,
    });
    expect(posture.summary).toEqual({
      mtlsMode: 'MIXED',
      meshed: true,
      worstSeverity: 'high',
      findingsBySeverity: { critical: 0, high: 1, medium: 3, low: 2, info: 1 },
      rps: 500,
      mtlsTrafficShare: 0.9,
      health: 'WARN',
      plaintextCallers: ['shop/legacy-job', 'tools/cron'],
      hasAuthorizationPolicy: true,
      strictReady: true,
    });
  });

  it('answers an entity without Kubernetes annotations with no workloads and a null mode', () => {
    const empty = entityPosture(view, component('docs', {}));
    expect(empty.workloads).toEqual([]);
    expect(empty.findings).toEqual([]);
    expect(empty.summary.mtlsMode).toBeNull();
    expect(empty.summary.meshed).toBe(false);
    expect(empty.summary.rps).toBeNull();
    expect(empty.coverage).toEqual({
      workloads: 0,
      meshed: 0,
      strict: 0,
      mtlsTrafficShare: null,
    });
    expect(empty.sources).toEqual(view.snapshot.sources);
  });

  it('gives the one mode when all workloads agree, and no traffic figures without metrics', () => {
    const mailer = entityPosture(
      view,
      component('mailer', {
        'backstage.io/kubernetes-label-selector': 'app=mailer',
      }),
    );
    expect(mailer.summary.mtlsMode).toBe('STRICT');
    expect(mailer.summary.rps).toBeNull();
    expect(mailer.summary.health).toBeNull();
    expect(mailer.summary.strictReady).toBe(false);
    expect(mailer.findings.map(f => f.rule)).toEqual([
      'mtls-disabled',
      'namespace-multiple-injection-labels',
    ]);
  });
});
