import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import type { MeshSnapshot } from '../snapshot/types';
import { entityPosture } from './entityPosture';
import { matchedOverview, meshOverview } from './meshOverview';
import { matchEntities, teamScorecard } from './teamScorecard';

/**
 * Two clusters: `eu` read in full, `us` whose AuthorizationPolicies (or
 * PeerAuthentications) could not be read and were never read before.
 */
function view(unknownInUs: string[]) {
  const policed = workload('shop/orders', {
    authorization: {
      policies: ['shop/orders-allow'],
      stance: 'restricted',
      custom: [],
      deny: [],
      allow: [],
      audit: [],
    },
  });
  const base: MeshSnapshot = snapshot({
    eu: report([policed, workload('shop/cart')]),
    us: report(
      [workload('pay/payments'), workload('pay/ledger')],
      [finding('mtls-permissive', 'medium', 'pay/ledger')],
    ),
  });
  base.clusters[1].unknownKinds = unknownInUs;
  return indexSnapshot('r', base);
}

const forbiddenPolicies = view(['AuthorizationPolicy']);

describe('views of a cluster read without some lists', () => {
  it('marks the entity and its workloads, and never reads "no policy" for them', () => {
    const posture = entityPosture(forbiddenPolicies, component('payments'));
    expect(posture.workloads.map(w => [w.cluster, w.unknownKinds])).toEqual([
      ['us', ['AuthorizationPolicy']],
    ]);
    expect(posture.summary).toMatchObject({
      mtlsMode: 'STRICT', // PeerAuthentications were read: the mode is known
      hasAuthorizationPolicy: null,
      unknownKinds: ['AuthorizationPolicy'],
    });
  });

  it('leaves entities of fully read clusters as they were', () => {
    const cart = entityPosture(forbiddenPolicies, component('cart'));
    expect(cart.workloads[0].unknownKinds).toBeUndefined();
    expect(cart.summary.unknownKinds).toBeUndefined();
    expect(cart.summary.hasAuthorizationPolicy).toBe(false);
    const orders = entityPosture(forbiddenPolicies, component('orders'));
    expect(orders.summary.hasAuthorizationPolicy).toBe(true);
  });

  it('leaves the mode unknown when the PeerAuthentications could not be read', () => {
    const posture = entityPosture(
      view(['PeerAuthentication']),
      component('payments'),
    );
    expect(posture.summary.mtlsMode).toBeNull();
    expect(posture.summary.hasAuthorizationPolicy).toBe(false);
    expect(posture.summary.unknownKinds).toEqual(['PeerAuthentication']);
  });

  it('withholds the grade of a team with workloads in such a cluster', () => {
    const entities = matchEntities(forbiddenPolicies, [
      component('payments'),
      component('ledger'),
      component('cart'),
    ]);
    const mixed = teamScorecard({ ref: 'group:default/pay' }, entities);
    expect(mixed.strictShare).toBe(1);
    expect(mixed).toMatchObject({
      grade: null,
      score: null,
      unknownKinds: ['AuthorizationPolicy'],
    });
    const complete = teamScorecard({ ref: 'group:default/shop' }, [
      entities[2],
    ]);
    expect(complete.grade).not.toBeNull();
    expect(complete.unknownKinds).toBeUndefined();
  });

  it('carries the marks into the overview rows and teams', async () => {
    const entities = matchEntities(forbiddenPolicies, [component('payments')]);
    const overview = await meshOverview(
      forbiddenPolicies,
      matchedOverview(entities),
      new Map(),
    );
    expect(overview.services[0].summary.unknownKinds).toEqual([
      'AuthorizationPolicy',
    ]);
    expect(overview.teams[0]).toMatchObject({ grade: null, score: null });
  });
});
