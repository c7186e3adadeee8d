import type { WorkloadTraffic } from '@mesh-security/plugin-mesh-security-common';
import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { matchEntities, teamScorecard } from '../views/teamScorecard';
import { historyPoints } from './historyPoints';

const AT = Date.UTC(2026, 2, 10, 12);

function traffic(rps: number, mtlsShare: number): WorkloadTraffic {
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

const view = indexSnapshot(
  'r1',
  snapshot({
    prod: report(
      [
        workload('payments/payment-service', {
          traffic: traffic(300, 1),
        }),
        workload('legacy/legacy-service', {
          inMesh: false,
          mtlsMode: 'NONE',
          traffic: traffic(100, 0),
        }),
        workload('comms/notification-svc', { mtlsMode: 'PERMISSIVE' }),
      ],
      [
        finding('workload-outside-mesh', 'medium', 'legacy/legacy-service'),
        finding('plaintext-traffic-observed', 'high', 'legacy/legacy-service'),
        finding('strict-ready', 'info', 'comms/notification-svc'),
      ],
    ),
  }),
);

const entities = [
  component('payment-service'),
  component('legacy-service'),
  // two entities of one team reaching the same workload: it counts once for the team
  component('legacy-alias', { 'backstage.io/kubernetes-id': 'legacy-service' }),
  component('notification-svc', undefined, 'group:default/comms-team'),
  // annotated, nothing deployed
  component('handbook', undefined, 'group:default/docs-team'),
];

describe('historyPoints', () => {
  const matched = matchEntities(view, entities);
  const points = historyPoints(AT, matched);
  const of = (scope: string, subject: string) =>
    points.find(p => p.scope === scope && p.subject === subject);

  it('records one point per entity and one per owning team, keyed by lower-case refs', () => {
    expect(points.map(p => `${p.scope} ${p.subject}`).sort()).toEqual([
      'entity component:default/handbook',
      'entity component:default/legacy-alias',
      'entity component:default/legacy-service',
      'entity component:default/notification-svc',
      'entity component:default/payment-service',
      'team group:default/commerce-team',
      'team group:default/comms-team',
      'team group:default/docs-team',
    ]);
    expect(points.every(p => p.at === AT)).toBe(true);
  });

  it("holds an entity's summary figures", () => {
    expect(of('entity', 'component:default/legacy-service')).toMatchObject({
      mtlsMode: 'NONE',
      workloads: 1,
      meshed: 0,
      strict: 0,
      mtlsTrafficShare: 0,
      rps: 100,
      findingsBySeverity: {
        critical: 0,
        high: 1,
        medium: 1,
        low: 0,
        info: 0,
      },
      partial: false,
    });
    expect(of('entity', 'component:default/payment-service')).toMatchObject({
      mtlsMode: 'STRICT',
      strict: 1,
      grade: 'A',
      score: 100,
    });
    // nothing deployed: nothing graded
    expect(of('entity', 'component:default/handbook')).toMatchObject({
      workloads: 0,
      mtlsMode: null,
      grade: null,
      score: null,
    });
  });

  it('gives a team the grade and shares of its scorecard, each workload counted once', () => {
    const commerce = of('team', 'group:default/commerce-team')!;
    const scorecard = teamScorecard(
      { ref: 'group:default/commerce-team' },
      matched.filter(m =>
        ['payment-service', 'legacy-service', 'legacy-alias'].includes(
          m.entity.metadata.name,
        ),
      ),
    );
    expect(commerce).toMatchObject({
      mtlsMode: 'MIXED',
      workloads: 2,
      meshed: 1,
      strict: 1,
      rps: 400,
      grade: scorecard.grade,
      score: scorecard.score,
      mtlsTrafficShare: scorecard.mtlsTrafficShare,
      findingsBySeverity: scorecard.findingsBySeverity,
    });
    expect(commerce.findingsBySeverity.high).toBe(1);
  });

  it('marks a point partial, and ungraded, when a list of its cluster could not be read', () => {
    const partialView = indexSnapshot('r2', {
      ...view.snapshot,
      clusters: view.snapshot.clusters.map(c => ({
        ...c,
        unknownKinds: ['AuthorizationPolicy'],
      })),
    });
    const [payment] = historyPoints(
      AT,
      matchEntities(partialView, [component('payment-service')]),
    );
    expect(payment).toMatchObject({ partial: true, grade: null, score: null });
  });
});
