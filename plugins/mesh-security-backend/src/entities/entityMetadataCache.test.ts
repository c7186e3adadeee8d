import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { CacheService } from '@backstage/backend-plugin-api';
import { component } from '../__testUtils__/fixtures';
import { EntityMetadataCache } from './entityMetadataCache';

const REF = 'component:default/payment-service';

function setup<C extends CacheService>(cache: C) {
  const real = catalogServiceMock({
    entities: [
      component('payment-service', {
        'backstage.io/kubernetes-id': 'payment-service',
        'backstage.io/kubernetes-namespace': 'payments',
        'backstage.io/techdocs-ref': 'dir:.',
      }),
    ],
  });
  const catalog = catalogServiceMock.mock({
    getEntitiesByRefs: jest.fn((req, options) =>
      real.getEntitiesByRefs(req, options),
    ),
  });
  const lookup = new EntityMetadataCache({
    catalog,
    auth: mockServices.auth({ pluginId: 'mesh-security' }),
    cache,
    ttlMs: 5000,
  });
  return { catalog, cache, lookup };
}

describe('EntityMetadataCache', () => {
  it('keeps kind, name, owner and the Kubernetes annotations only, with the configured TTL', async () => {
    const cache = mockServices.cache.mock({ get: async () => undefined });
    const { lookup } = setup(cache);
    const expected = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payment-service',
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-id': 'payment-service',
          'backstage.io/kubernetes-namespace': 'payments',
        },
      },
      spec: { owner: 'group:default/commerce-team' },
    };
    expect(await lookup.get(REF)).toEqual(expected);
    expect(cache.set).toHaveBeenCalledWith(
      expect.stringContaining(REF),
      expected,
      {
        ttl: 5000,
      },
    );
  });

  it('shares one catalog read between concurrent misses', async () => {
    const cache = CacheManager.fromConfig(mockServices.rootConfig()).forPlugin(
      'mesh-security',
    );
    const { catalog, lookup } = setup(cache);
    const results = await Promise.all([lookup.get(REF), lookup.get(REF)]);
    expect(results[0]?.metadata.name).toBe('payment-service');
    expect(results[1]).toEqual(results[0]);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
  });

  it('falls back to the catalog when the cache store fails', async () => {
    const cache = mockServices.cache.mock({
      get: async () => {
        throw new Error('cache store unreachable');
      },
      set: async () => {
        throw new Error('cache store unreachable');
      },
    });
    const { catalog, lookup } = setup(cache);
    expect((await lookup.get(REF))?.metadata.name).toBe('payment-service');
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
  });

  it('answers undefined for an entity the catalog does not have, without caching it', async () => {
    const { cache, lookup } = setup(mockServices.cache.mock());
    expect(await lookup.get('component:default/nope')).toBeUndefined();
    expect(cache.set).not.toHaveBeenCalled();
  });
});
