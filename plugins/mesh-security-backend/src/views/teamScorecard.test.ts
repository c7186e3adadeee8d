import { computeGrade } from '@mesh-security/plugin-mesh-security-common';
import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { matchEntities, teamScorecard } from './teamScorecard';

const traffic = (rps: number, mtlsShare: number) => ({
  rps,
  errorShare: 0,
  p50Ms: null,
  p99Ms: null,
  mtlsShare,
  health: 'OK' as const,
  inbound: [],
  outbound: [],
});

const view = indexSnapshot(
  'r',
  snapshot({
    prod: report(
      [
        workload('shop/order-service', { traffic: traffic(3000, 1) }),
        workload('payments/payment-service', { traffic: traffic(1000, 1) }),
        workload('legacy/legacy-service', {
          inMesh: false,
          dataplane: 'none',
          mtlsMode: 'NONE',
          traffic: traffic(200, 0),
        }),
      ],
      [
        finding('workload-outside-mesh', 'medium', 'legacy/legacy-service'),
        finding('plaintext-traffic-observed', 'high', 'legacy/legacy-service'),
        finding(
          'dr-tls-disable-to-strict',
          'critical',
          'payments/payment-service',
          { port: 80 },
        ),
      ],
    ),
  }),
);

describe('teamScorecard', () => {
  const entities = matchEntities(view, [
    component('order-service'),
    component('payment-service'),
    component('legacy-service'),
    // a second entity on the same workload must not count it twice
    component('legacy-alias', {
      'backstage.io/kubernetes-label-selector': 'app=legacy-service',
    }),
  ]);
  const card = teamScorecard(
    { ref: 'group:default/commerce-team', title: 'Commerce' },
    entities,
  );

  it('shares weighted by workloads and rps, findings counted once', () => {
    expect(card.services).toBe(4);
    expect(card.strictShare).toBeCloseTo(2 / 3);
    expect(card.mtlsTrafficShare).toBeCloseTo(4000 / 4200);
    expect(card.findingsBySeverity).toEqual({
      critical: 1,
      high: 1,
      medium: 1,
      low: 0,
      info: 0,
    });
  });

  it('grades with the common formula', () => {
    const expected = computeGrade({
      strictShare: card.strictShare,
      mtlsTrafficShare: card.mtlsTrafficShare,
      findingsBySeverity: card.findingsBySeverity,
    });
    expect({ grade: card.grade, score: card.score }).toEqual(expected);
    expect(card.grade).toBe('D'); // a critical finding caps at D
  });

  it('lists entities worst first', () => {
    expect(card.entities.map(e => e.entityRef)).toEqual([
      'component:default/payment-service',
      'component:default/legacy-alias',
      'component:default/legacy-service',
      'component:default/order-service',
    ]);
    expect(card.entities[0].summary.worstSeverity).toBe('critical');
  });

  it('gives a team whose services match no workload no grade, not an A', () => {
    const undeployed = teamScorecard(
      { ref: 'group:default/docs-team' },
      matchEntities(view, [
        component('docs'),
        component('wiki', {
          'backstage.io/kubernetes-label-selector': 'app=wiki',
        }),
      ]),
    );
    expect(undeployed).toMatchObject({
      services: 2,
      strictShare: null,
      mtlsTrafficShare: null,
      grade: null,
      score: null,
    });
  });

  it('skips an entity whose selector is unusable instead of failing the team', () => {
    const matched = matchEntities(view, [
      component('broken', {
        'backstage.io/kubernetes-label-selector': 'app in (x',
      }),
      component('order-service'),
    ]);
    expect(matched.map(m => m.entityRef)).toEqual([
      'component:default/order-service',
    ]);
  });
});
