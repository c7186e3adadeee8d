import type {
  Finding,
  WorkloadPosture,
  WorkloadTraffic,
} from '@mesh-security/plugin-mesh-security-common';
import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { matchEntities } from '../views/teamScorecard';
import { detectRegressions, entityTabLink } from './regressions';

function traffic(mtlsShare: number, rps = 100): WorkloadTraffic {
  return {
    rps,
    errorShare: 0,
    p50Ms: null,
    p99Ms: null,
    mtlsShare,
    health: 'OK',
    inbound: [],
    outbound: [],
  };
}

const entities = [
  component('payment-service'),
  component('notification-svc', undefined, 'group:default/comms-team'),
  // nobody to tell
  component('orphan', undefined, ''),
];

function at(
  generatedAt: string,
  workloads: WorkloadPosture[],
  findings: Finding[] = [],
  unknownKinds?: string[],
) {
  const s = snapshot(
    { prod: report([...workloads, workload('shop/orphan')], findings) },
    generatedAt,
  );
  if (unknownKinds) s.clusters[0].unknownKinds = unknownKinds;
  return indexSnapshot(generatedAt, s);
}

const before = at(
  '2026-03-10T12:00:00.000Z',
  [
    workload('payments/payment-service', { traffic: traffic(1) }),
    workload('comms/notification-svc', { traffic: traffic(0.95) }),
  ],
  [finding('workload-outside-mesh', 'high', 'comms/notification-svc')],
);

function detect(now: ReturnType<typeof at>, previous = before, drop = 0.1) {
  return detectRegressions({
    previous,
    entities: matchEntities(now, entities),
    mtlsShareDrop: drop,
  });
}

describe('detectRegressions', () => {
  it('finds nothing when nothing got worse', () => {
    expect(detect(before)).toEqual([]);
  });

  it('announces a new high or critical finding to the owners, with a link to the tab', () => {
    const now = at(
      '2026-03-10T12:05:00.000Z',
      [
        workload('payments/payment-service', { traffic: traffic(1) }),
        workload('comms/notification-svc', { traffic: traffic(0.95) }),
      ],
      [
        finding('workload-outside-mesh', 'high', 'comms/notification-svc'),
        finding(
          'dr-tls-disable-to-strict',
          'critical',
          'payments/payment-service',
        ),
        finding('mtls-disabled', 'high', 'payments/payment-service'),
        // below high: not a regression worth a notification
        finding('dr-tls-disable-in-mesh', 'medium', 'payments/payment-service'),
      ],
    );
    const found = detect(now);
    expect(
      found.map(r => [r.kind, r.entityRef, r.severity, r.title, r.owners]),
    ).toEqual([
      [
        'new-finding',
        'component:default/payment-service',
        'critical',
        'payment-service: new critical mesh finding dr-tls-disable-to-strict',
        ['group:default/commerce-team'],
      ],
      [
        'new-finding',
        'component:default/payment-service',
        'high',
        'payment-service: new high mesh finding mtls-disabled',
        ['group:default/commerce-team'],
      ],
    ]);
    expect(found[0].link).toBe(
      '/catalog/default/component/payment-service/mtls',
    );
    expect(found[0].description).toContain('payments/payment-service in prod');
  });

  it('announces a workload that was STRICT and is PERMISSIVE, DISABLE or NONE now', () => {
    for (const mode of ['PERMISSIVE', 'DISABLE', 'NONE'] as const) {
      const now = at(
        '2026-03-10T12:05:00.000Z',
        [
          workload('payments/payment-service', {
            mtlsMode: mode,
            decidedBy: 'payments/default',
            traffic: traffic(1),
          }),
          workload('comms/notification-svc', { traffic: traffic(0.95) }),
        ],
        [finding('workload-outside-mesh', 'high', 'comms/notification-svc')],
      );
      const [regression, ...rest] = detect(now);
      expect(rest).toEqual([]);
      expect(regression).toMatchObject({
        kind: 'strict-lost',
        entityRef: 'component:default/payment-service',
        title:
          'payment-service: payments/payment-service no longer requires mTLS',
      });
      expect(regression.description).toContain(`from STRICT to ${mode}`);
      expect(regression.description).toContain('decided by payments/default');
    }
  });

  it('does not read a mode computed without its PeerAuthentications as a change', () => {
    const now = at(
      '2026-03-10T12:05:00.000Z',
      [
        workload('payments/payment-service', {
          mtlsMode: 'PERMISSIVE',
          traffic: traffic(1),
        }),
        workload('comms/notification-svc', { traffic: traffic(0.95) }),
      ],
      [finding('workload-outside-mesh', 'high', 'comms/notification-svc')],
      ['PeerAuthentication'],
    );
    expect(detect(now).filter(r => r.kind === 'strict-lost')).toEqual([]);
  });

  it('announces an mTLS share fall larger than the configured one, and only that', () => {
    const now = at(
      '2026-03-10T12:05:00.000Z',
      [
        workload('payments/payment-service', { traffic: traffic(0.85) }),
        workload('comms/notification-svc', { traffic: traffic(0.9) }),
      ],
      [finding('workload-outside-mesh', 'high', 'comms/notification-svc')],
    );
    const found = detect(now);
    // payment-service fell 15 points, notification-svc 5
    expect(found.map(r => [r.kind, r.entityRef, r.title])).toEqual([
      [
        'mtls-share-drop',
        'component:default/payment-service',
        'payment-service: mTLS share of inbound traffic fell from 100% to 85%',
      ],
    ]);
    expect(detect(now, before, 0.2)).toEqual([]);
    expect(
      detect(now, before, 0.04)
        .map(r => r.entityRef)
        .sort(),
    ).toEqual([
      'component:default/notification-svc',
      'component:default/payment-service',
    ]);
  });

  it('ignores findings that only became visible when a list could be read again', () => {
    const unread = at(
      '2026-03-10T12:00:00.000Z',
      [
        workload('payments/payment-service'),
        workload('comms/notification-svc'),
      ],
      [],
      ['AuthorizationPolicy'],
    );
    const now = at(
      '2026-03-10T12:05:00.000Z',
      [
        workload('payments/payment-service'),
        workload('comms/notification-svc'),
      ],
      [finding('mtls-disabled', 'high', 'payments/payment-service')],
    );
    expect(detect(now, unread)).toEqual([]);
  });

  it('gives the same regression measured against the same snapshot the same id, another one a new id', () => {
    const worse = (generatedAt: string) =>
      at(
        generatedAt,
        [
          workload('payments/payment-service', {
            mtlsMode: 'PERMISSIVE',
            traffic: traffic(1),
          }),
          workload('comms/notification-svc', { traffic: traffic(0.95) }),
        ],
        [finding('workload-outside-mesh', 'high', 'comms/notification-svc')],
      );
    // two replicas refreshing from the same stored snapshot
    const [a] = detect(worse('2026-03-10T12:05:00.000Z'));
    const [b] = detect(worse('2026-03-10T12:05:07.000Z'));
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(b.id).toBe(a.id);
    // the same problem back after a fix: measured against a later snapshot
    const fixed = at(
      '2026-03-11T08:00:00.000Z',
      [
        workload('payments/payment-service', { traffic: traffic(1) }),
        workload('comms/notification-svc', { traffic: traffic(0.95) }),
      ],
      [finding('workload-outside-mesh', 'high', 'comms/notification-svc')],
    );
    const [again] = detect(worse('2026-03-11T08:05:00.000Z'), fixed);
    expect(again.id).not.toBe(a.id);
  });
});

describe('entityTabLink', () => {
  it('spells the catalog route of the entity and the tab', () => {
    expect(entityTabLink('Component:Shop/Order-Service', 'mtls')).toBe(
      '/catalog/shop/component/Order-Service/mtls',
    );
  });
});
