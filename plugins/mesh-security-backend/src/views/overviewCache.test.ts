import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import {
  component,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { cachedMatchedOverview, cachedStrictMigration } from './overviewCache';

describe('the overview kept per snapshot and entity set', () => {
  const mesh = snapshot({
    prod: report([workload('shop/cart'), workload('shop/pay')]),
  });
  const cart = component('cart', undefined, 'group:default/shop-team');
  const pay = component('pay', undefined, 'group:default/pay-team');

  it('derives it once for the same snapshot and entities', () => {
    const view = indexSnapshot('r1', mesh);
    const first = cachedMatchedOverview(view, [cart, pay]);
    expect(first.services.map(s => s.entityRef)).toEqual([
      'component:default/cart',
      'component:default/pay',
    ]);
    expect(cachedMatchedOverview(view, [cart, pay])).toBe(first);
  });

  it('never hands one caller what was derived from entities another may read', () => {
    const view = indexSnapshot('r1', mesh);
    const everything = cachedMatchedOverview(view, [cart, pay]);
    const onlyCart = cachedMatchedOverview(view, [cart]);
    expect(onlyCart).not.toBe(everything);
    expect(onlyCart.services.map(s => s.entityRef)).toEqual([
      'component:default/cart',
    ]);
    expect(onlyCart.teams.map(t => t.groupRef)).toEqual([
      'group:default/shop-team',
    ]);
  });

  it('derives it again for a new snapshot or a changed entity', () => {
    const view = indexSnapshot('r1', mesh);
    const first = cachedMatchedOverview(view, [cart]);
    expect(cachedMatchedOverview(indexSnapshot('r2', mesh), [cart])).not.toBe(
      first,
    );
    const moved = component('cart', undefined, 'group:default/pay-team');
    expect(
      cachedMatchedOverview(view, [moved]).teams.map(t => t.groupRef),
    ).toEqual(['group:default/pay-team']);
  });

  it('keeps the STRICT migration apart, its workloads named for the caller', () => {
    const view = indexSnapshot('r1', mesh);
    const migration = cachedStrictMigration(view, [cart]);
    expect(cachedStrictMigration(view, [cart])).toBe(migration);
    const named = (m: typeof migration) =>
      m.namespaces
        .flatMap(n => n.workloads)
        .map(w => `${w.workload} ${w.entity?.entityRef ?? '-'}`);
    expect(named(migration)).toEqual([
      'shop/cart component:default/cart',
      'shop/pay -',
    ]);
    expect(named(cachedStrictMigration(view, [cart, pay]))).toEqual([
      'shop/cart component:default/cart',
      'shop/pay component:default/pay',
    ]);
  });
});
