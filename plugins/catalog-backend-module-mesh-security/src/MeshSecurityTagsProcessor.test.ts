import type { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { type Entity, makeValidator } from '@backstage/catalog-model';
import type {
  EntityPosture,
  EntitySummary,
} from '@mesh-security/plugin-mesh-security-common';
import type { MeshSecurityService } from '@mesh-security/plugin-mesh-security-node';
import { MESH_TAG_FAMILIES } from './meshTags';
import { MeshSecurityTagsProcessor } from './MeshSecurityTagsProcessor';

const validator = makeValidator();

/** A CacheService over a Map that records the TTL it was given. */
function memoryCache() {
  const store = new Map<string, unknown>();
  const ttls: unknown[] = [];
  const cache: CacheService = {
    get: async key => store.get(key) as any,
    set: async (key, value, options) => {
      store.set(key, value);
      ttls.push(options?.ttl);
    },
    delete: async key => {
      store.delete(key);
    },
    withOptions: () => cache,
  };
  return { cache, store, ttls };
}

function summary(parts: Partial<EntitySummary>): EntitySummary {
  return {
    mtlsMode: null,
    meshed: false,
    worstSeverity: null,
    findingsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    rps: null,
    mtlsTrafficShare: null,
    health: null,
    plaintextCallers: [],
    hasAuthorizationPolicy: false,
    strictReady: false,
    ...parts,
  };
}

function posture(parts: Partial<EntitySummary>): EntityPosture {
  return {
    entityRef: 'ignored',
    generatedAt: '2026-08-01T12:00:00.000Z',
    sources: [],
    assumptions: {},
    workloads: [],
    services: [],
    findings: [],
    coverage: { workloads: 1, meshed: 1, strict: 1, mtlsTrafficShare: 1 },
    summary: summary(parts),
  };
}

const postures: Record<string, EntityPosture | undefined> = {
  'component:default/payment-service': posture({
    mtlsMode: 'STRICT',
    meshed: true,
  }),
  'component:default/legacy-service': posture({
    mtlsMode: 'NONE',
    findingsBySeverity: { critical: 0, high: 1, medium: 1, low: 0, info: 0 },
  }),
  'resource:default/shared-cache': posture({
    mtlsMode: 'MIXED',
    findingsBySeverity: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
  }),
  // the same namespace and workload in two clusters, each with its finding
  'component:default/twin-service': {
    ...posture({
      mtlsMode: 'PERMISSIVE',
      findingsBySeverity: { critical: 0, high: 2, medium: 0, low: 0, info: 0 },
    }),
    findings: ['east', 'west'].map(cluster => ({
      rule: 'plaintext-traffic-observed' as const,
      severity: 'high' as const,
      subject: 'shop/twin-service',
      reason: 'plaintext callers',
      cluster,
    })),
  },
  // AuthorizationPolicies of its cluster could not be read: no finding tag is not "no finding"
  'component:default/billing': posture({
    mtlsMode: 'STRICT',
    hasAuthorizationPolicy: null,
    unknownKinds: ['AuthorizationPolicy'],
  }),
};

function entity(
  name: string,
  options: {
    kind?: string;
    tags?: string[];
    annotations?: Record<string, string>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: options.annotations ?? {
        'backstage.io/kubernetes-id': name,
      },
      ...(options.tags && { tags: options.tags }),
    },
    spec: { type: 'service', owner: 'commerce-team', lifecycle: 'production' },
  };
}

function setup(options: { prefix?: string; families?: string[] } = {}) {
  const meshSecurity = {
    getEntityPosture: jest.fn(async (ref: string) => postures[ref]),
    getTeamScorecard: jest.fn(),
  } satisfies MeshSecurityService;
  const { cache, store, ttls } = memoryCache();
  const logger = mockServices.logger.mock();
  const processor = new MeshSecurityTagsProcessor({
    meshSecurity,
    cache,
    logger,
    prefix: options.prefix ?? '',
    families: new Set((options.families ?? MESH_TAG_FAMILIES) as any),
    cacheTtl: { minutes: 30 },
  });
  return { processor, meshSecurity, store, ttls, logger };
}

describe('MeshSecurityTagsProcessor', () => {
  it('tags entities with their mesh posture', async () => {
    const { processor } = setup();
    const tagsOf = async (e: Entity) =>
      (await processor.postProcessEntity(e)).metadata.tags;

    expect(await tagsOf(entity('payment-service'))).toEqual(['mtls:strict']);
    expect(await tagsOf(entity('legacy-service'))).toEqual([
      'mesh:none',
      'mesh-finding:high',
    ]);
    expect(await tagsOf(entity('shared-cache', { kind: 'Resource' }))).toEqual([
      'mtls:mixed',
      'mesh-finding:critical',
    ]);
  });

  it('names the clusters of the findings when two clusters hold the same names', async () => {
    const { processor } = setup();
    const tagged = await processor.postProcessEntity(entity('twin-service'));
    expect(tagged.metadata.tags).toEqual([
      'mtls:permissive',
      'mesh-finding:high',
      'mesh-finding-cluster:east',
      'mesh-finding-cluster:west',
    ]);
  });

  it('says the findings are incomplete when some lists could not be read', async () => {
    const { processor, store } = setup();
    const tagged = await processor.postProcessEntity(entity('billing'));
    expect(tagged.metadata.tags).toEqual([
      'mtls:strict',
      'mesh-finding:unknown',
    ]);
    // served from the cache the same way
    expect(store.size).toBe(1);
    const again = await processor.postProcessEntity(entity('billing'));
    expect(again.metadata.tags).toEqual(tagged.metadata.tags);
  });

  it('emits only tags the catalog validator accepts', async () => {
    const { processor } = setup({ prefix: 'mesh-' });
    for (const name of ['payment-service', 'legacy-service']) {
      const { metadata } = await processor.postProcessEntity(entity(name));
      expect(metadata.tags!.length).toBeGreaterThan(0);
      for (const tag of metadata.tags!) {
        expect(tag.startsWith('mesh-')).toBe(true);
        expect(validator.isValidTag(tag)).toBe(true);
      }
    }
  });

  it('keeps author tags first and never duplicates one', async () => {
    const { processor } = setup();
    const authored = entity('legacy-service', {
      tags: ['java', 'mesh:none', 'mtls:strict'],
    });
    const result = await processor.postProcessEntity(authored);
    // the author's (stale) mtls:strict stays: this processor only adds
    expect(result.metadata.tags).toEqual([
      'java',
      'mesh:none',
      'mtls:strict',
      'mesh-finding:high',
    ]);
    expect(authored.metadata.tags).toEqual([
      'java',
      'mesh:none',
      'mtls:strict',
    ]);

    const again = await processor.postProcessEntity(result);
    expect(again.metadata.tags).toEqual(result.metadata.tags);
  });

  it('reads the backend once per entity while the cache entry lives', async () => {
    const { processor, meshSecurity, ttls } = setup();
    await processor.postProcessEntity(entity('payment-service'));
    const second = await processor.postProcessEntity(entity('payment-service'));

    expect(second.metadata.tags).toEqual(['mtls:strict']);
    expect(meshSecurity.getEntityPosture).toHaveBeenCalledTimes(1);
    expect(meshSecurity.getEntityPosture).toHaveBeenCalledWith(
      'component:default/payment-service',
    );
    expect(ttls).toEqual([{ minutes: 30 }]);
  });

  it('leaves entities unknown to the backend alone, and asks again next time', async () => {
    // a new entity is unknown (404) until the catalog has stored it once
    const { processor, meshSecurity, store } = setup();
    const unknown = entity('not-deployed', { tags: ['go'] });
    expect(await processor.postProcessEntity(unknown)).toBe(unknown);
    expect(store.size).toBe(0);

    postures['component:default/not-deployed'] = posture({
      mtlsMode: 'PERMISSIVE',
    });
    try {
      const known = await processor.postProcessEntity(unknown);
      expect(known.metadata.tags).toEqual(['go', 'mtls:permissive']);
      expect(meshSecurity.getEntityPosture).toHaveBeenCalledTimes(2);
    } finally {
      delete postures['component:default/not-deployed'];
    }
  });

  it('leaves the entity untouched when the backend fails, and does not cache the failure', async () => {
    const { processor, meshSecurity, store, logger } = setup();
    const failure = Object.assign(new TypeError('fetch failed'), {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:7007'),
    });
    meshSecurity.getEntityPosture.mockRejectedValue(failure);

    const original = entity('payment-service', { tags: ['java'] });
    const result = await processor.postProcessEntity(original);
    expect(result).toBe(original);
    expect(result.metadata.tags).toEqual(['java']);
    expect(store.size).toBe(0);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'No mesh tags for component:default/payment-service, entity left unchanged: TypeError: fetch failed: connect ECONNREFUSED 127.0.0.1:7007',
      ),
    );

    // an outage logs one warning, not one per entity
    await processor.postProcessEntity(entity('legacy-service'));
    expect(logger.warn).toHaveBeenCalledTimes(1);

    // and the next loop retries
    meshSecurity.getEntityPosture.mockImplementation(
      async ref => postures[ref],
    );
    expect((await processor.postProcessEntity(original)).metadata.tags).toEqual(
      ['java', 'mtls:strict'],
    );
  });

  it('ignores entities without the Kubernetes annotations and other kinds', async () => {
    const { processor, meshSecurity } = setup();
    const plain = entity('payment-service', { annotations: {} });
    const group = entity('payment-service', { kind: 'Group' });
    expect(await processor.postProcessEntity(plain)).toBe(plain);
    expect(await processor.postProcessEntity(group)).toBe(group);
    expect(meshSecurity.getEntityPosture).not.toHaveBeenCalled();
  });

  it('honours the family allow-list', async () => {
    const { processor } = setup({ families: ['mesh-finding'] });
    const result = await processor.postProcessEntity(entity('legacy-service'));
    expect(result.metadata.tags).toEqual(['mesh-finding:high']);
  });

  it('warns at start when the prefix makes tags invalid, and drops them', async () => {
    const prefix = `${'a'.repeat(45)}-`;
    const { processor, logger } = setup({ prefix });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('mesh-finding:critical'),
    );
    const result = await processor.postProcessEntity(
      entity('shared-cache', { kind: 'Resource' }),
    );
    expect(result.metadata.tags).toEqual([`${prefix}mtls:mixed`]);
  });
});
