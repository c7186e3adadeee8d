import type {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntityPosture,
  ListPage,
  MeshOverview,
  MeshOverviewSummary,
  ScorecardEntity,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import express from 'express';
import request from 'supertest';
import {
  component,
  finding,
  group,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { IndexedSnapshot, indexSnapshot } from '../snapshot/IndexedSnapshot';
import { createRouter, RouterOptions } from './createRouter';

const view = indexSnapshot(
  'r1',
  snapshot({
    prod: report(
      [
        workload('payments/payment-service'),
        workload('legacy/legacy-service', { inMesh: false, mtlsMode: 'NONE' }),
      ],
      [finding('workload-outside-mesh', 'medium', 'legacy/legacy-service')],
    ),
  }),
);

const entities = [
  component('payment-service'),
  component('legacy-service'),
  component('docs', {}),
  component('broken', {
    'backstage.io/kubernetes-label-selector': 'app in (x',
  }),
  group('commerce-team', 'Commerce'),
  // annotated, but no workload in the snapshot: nothing to grade
  component('handbook', undefined, 'docs-team'),
  group('docs-team', 'Docs'),
];

const TTL_MS = 30_000;

/** A real CacheService (the memory store of backend-defaults), empty for each app. */
function memoryCache(): CacheService {
  return CacheManager.fromConfig(mockServices.rootConfig()).forPlugin(
    'mesh-security',
  );
}

/** A catalog mock whose entity list a test can change between requests. */
function mutableCatalog(initial: Entity[]) {
  let current = initial;
  const catalog = catalogServiceMock.mock({
    getEntitiesByRefs: jest.fn(async (req, options) =>
      catalogServiceMock({ entities: current }).getEntitiesByRefs(req, options),
    ),
  });
  return {
    catalog,
    set(next: Entity[]) {
      current = next;
    },
  };
}

async function app(
  overrides: Partial<RouterOptions> & {
    snapshot?: IndexedSnapshot | null;
  } = {},
) {
  const current =
    overrides.snapshot === null ? undefined : overrides.snapshot ?? view;
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth({ pluginId: 'mesh-security' }),
    cache: memoryCache(),
    entityCacheTtlMs: TTL_MS,
    store: { current: async () => current },
    ...overrides,
  });
  return express().use(router).use(mockErrorHandler());
}

describe('createRouter', () => {
  it('answers /health without credentials', async () => {
    const res = await request(
      await app({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
      }),
    ).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the posture of an entity', async () => {
    const res = await request(await app()).get(
      '/entities/default/component/payment-service',
    );
    expect(res.status).toBe(200);
    const body: EntityPosture = res.body;
    expect(body.entityRef).toBe('component:default/payment-service');
    expect(body.generatedAt).toBe(view.snapshot.generatedAt);
    expect(
      body.workloads.map(w => [w.cluster, w.namespace, w.name, w.mtlsMode]),
    ).toEqual([['prod', 'payments', 'payment-service', 'STRICT']]);
    expect(body.summary).toMatchObject({
      mtlsMode: 'STRICT',
      meshed: true,
      worstSeverity: null,
    });
    expect(body.sources).toEqual(view.snapshot.sources);
  });

  it('authorizes catalog.entity.read on the entity with the caller credentials', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const res = await request(await app({ permissions }))
      .get('/entities/default/Component/payment-service')
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    expect(res.status).toBe(200);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'catalog.entity.read',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/payment-service',
        },
      ],
      { credentials: mockCredentials.user('user:default/jane') },
    );
  });

  it('answers 404 for an entity the caller may not read, exactly as for a missing one', async () => {
    // a policy that denies legacy-service and allows everything else
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r &&
            r.resourceRef === 'component:default/legacy-service'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const server = await app({ permissions });
    const denied = await request(server).get(
      '/entities/default/component/legacy-service',
    );
    const missing = await request(server).get(
      '/entities/default/component/nope',
    );
    const allowed = await request(server).get(
      '/entities/default/component/payment-service',
    );
    expect(allowed.status).toBe(200);
    expect(denied.status).toBe(404);
    expect(denied.body.error.name).toBe('NotFoundError');
    expect(missing.status).toBe(404);
    // same status, error and wording: a denied entity's existence is not revealed
    expect(denied.body.error.message).toBe(
      'No entity component:default/legacy-service',
    );
    expect(missing.body.error.message).toBe('No entity component:default/nope');
  });

  it('reads entity metadata once with its own credentials and serves the next request from the cache', async () => {
    const { catalog } = mutableCatalog(entities);
    const auth = mockServices.auth({ pluginId: 'mesh-security' });
    const server = await app({ catalog, auth });
    for (const user of ['user:default/jane', 'user:default/joe']) {
      const res = await request(server)
        .get('/entities/default/component/payment-service')
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      expect(res.body.workloads).toHaveLength(1);
    }
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRefs: ['component:default/payment-service'],
      }),
      { credentials: await auth.getOwnServiceCredentials() },
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('does not cache a missing entity: it is found once the catalog has it', async () => {
    const { catalog, set } = mutableCatalog(
      entities.filter(e => e.metadata.name !== 'payment-service'),
    );
    const server = await app({ catalog });
    const before = await request(server).get(
      '/entities/default/component/payment-service',
    );
    expect(before.status).toBe(404);
    set(entities);
    const after = await request(server).get(
      '/entities/default/component/payment-service',
    );
    expect(after.status).toBe(200);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it('shows annotation changes once the cache TTL has passed', async () => {
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start);
    try {
      const { catalog, set } = mutableCatalog(entities);
      const server = await app({ catalog });
      const workloadsAt = async (at: number) => {
        now.mockReturnValue(at);
        const res = await request(server).get(
          '/entities/default/component/payment-service',
        );
        expect(res.status).toBe(200);
        return res.body.workloads.map((w: { name: string }) => w.name);
      };
      expect(await workloadsAt(start)).toEqual(['payment-service']);
      // the entity now points at the legacy workload
      set(
        entities.map(e =>
          e.metadata.name === 'payment-service'
            ? component('payment-service', {
                'backstage.io/kubernetes-id': 'legacy-service',
              })
            : e,
        ),
      );
      expect(await workloadsAt(start + TTL_MS - 1)).toEqual([
        'payment-service',
      ]);
      expect(await workloadsAt(start + TTL_MS + 1)).toEqual(['legacy-service']);
      expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(2);
    } finally {
      now.mockRestore();
    }
  });

  it('answers an entity without Kubernetes annotations with no workloads', async () => {
    const res = await request(await app()).get(
      '/entities/default/component/docs',
    );
    expect(res.status).toBe(200);
    expect(res.body.workloads).toEqual([]);
    expect(res.body.summary.mtlsMode).toBeNull();
  });

  it.each([
    ['/entities/default/component/bad%20name', /name must be letters/],
    ['/entities/default/comp$nent/x', /kind must be letters/],
    ['/groups/default/-team/scorecard', /name must be letters/],
  ])('rejects bad parameters: %s', async (path, message) => {
    const res = await request(await app()).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
  });

  it('reports an unusable selector annotation as a 400 naming the entity', async () => {
    const res = await request(await app()).get(
      '/entities/default/component/broken',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /component:default\/broken: invalid label selector/,
    );
  });

  it('answers 404 for an entity that does not exist or the caller may not read', async () => {
    const res = await request(await app()).get(
      '/entities/default/component/nope',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });

  it.each([
    '/entities/default/component/payment-service',
    '/overview',
    '/overview/summary',
    '/overview/services',
    '/overview/findings',
    '/groups/default/commerce-team/scorecard',
  ])('answers 401 without credentials: %s', async path => {
    const res = await request(
      await app({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
      }),
    ).get(path);
    expect(res.status).toBe(401);
  });

  it.each([
    '/entities/default/component/payment-service',
    '/overview',
    '/overview/summary',
    '/overview/services',
    '/overview/findings',
    '/groups/default/commerce-team/scorecard',
  ])('answers 503 before the first refresh: %s', async path => {
    const res = await request(await app({ snapshot: null })).get(path);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/first refresh has not completed/);
  });

  it('logs "not ready yet" once at info, never as an error, and answers like the framework would', async () => {
    const logger = mockServices.logger.mock();
    logger.child.mockImplementation(() => logger); // the error handler logs through a child
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth({ pluginId: 'mesh-security' }),
      cache: memoryCache(),
      entityCacheTtlMs: TTL_MS,
      store: { current: async () => undefined },
      logger,
    });
    // the backend's own error handler, which logs every 5xx it sees at error level
    const server = express()
      .use('/api/mesh-security', router)
      .use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger,
        }).error(),
      );
    for (const path of [
      '/entities/default/component/payment-service',
      '/overview',
    ]) {
      const res = await request(server).get(`/api/mesh-security${path}`);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        error: expect.objectContaining({
          name: 'ServiceUnavailableError',
          message: expect.stringMatching(/first refresh has not completed/),
        }),
        request: { method: 'GET', url: `/api/mesh-security${path}` },
        response: { statusCode: 503 },
      });
    }
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledTimes(1);

    // a real failure still reaches the framework's handler
    const failing = await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth({ pluginId: 'mesh-security' }),
      cache: memoryCache(),
      entityCacheTtlMs: TTL_MS,
      store: {
        current: async () => {
          throw new Error('database is gone');
        },
      },
      logger,
    });
    const res = await request(
      express()
        .use(failing)
        .use(
          MiddlewareFactory.create({
            config: mockServices.rootConfig(),
            logger,
          }).error(),
        ),
    ).get('/overview');
    expect(res.status).toBe(500);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('serves a team scorecard', async () => {
    const res = await request(await app()).get(
      '/groups/default/commerce-team/scorecard',
    );
    expect(res.status).toBe(200);
    const body: TeamScorecard = res.body;
    expect(body).toMatchObject({
      groupRef: 'group:default/commerce-team',
      title: 'Commerce',
      services: 2,
      strictShare: 0.5,
    });
    expect(body.entities.map(e => e.entityRef)).toEqual([
      'component:default/legacy-service',
      'component:default/payment-service',
    ]);
    expect(body.grade).toMatch(/^[A-F]$/);
  });

  it('serves no grade for a team whose services match no workload', async () => {
    const res = await request(await app()).get(
      '/groups/default/docs-team/scorecard',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      groupRef: 'group:default/docs-team',
      services: 1,
      strictShare: null,
      grade: null,
      score: null,
    });
  });

  it('answers 404 for an unknown group', async () => {
    const res = await request(await app()).get(
      '/groups/default/nobody/scorecard',
    );
    expect(res.status).toBe(404);
  });

  it('serves the overview', async () => {
    const res = await request(await app()).get('/overview');
    expect(res.status).toBe(200);
    const body: MeshOverview = res.body;
    expect(body.coverage).toMatchObject({ workloads: 2, meshed: 1, strict: 1 });
    expect(body.services.map(s => s.entityRef)).toEqual([
      'component:default/legacy-service',
      'component:default/payment-service',
    ]);
    // the ungraded team after the graded one
    expect(body.teams.map(t => [t.groupRef, t.title, t.grade])).toEqual([
      [
        'group:default/commerce-team',
        'Commerce',
        expect.stringMatching(/^[A-F]$/),
      ],
      ['group:default/docs-team', 'Docs', null],
    ]);
    expect(body.findings).toEqual([
      expect.objectContaining({
        rule: 'workload-outside-mesh',
        cluster: 'prod',
      }),
    ]);
  });

  it('serves the overview summary with counts instead of lists', async () => {
    const res = await request(await app()).get('/overview/summary');
    expect(res.status).toBe(200);
    const body: MeshOverviewSummary = res.body;
    expect(body.coverage).toMatchObject({ workloads: 2, meshed: 1, strict: 1 });
    expect(body.services).toBe(2);
    expect(body.findingsBySeverity).toEqual({
      critical: 0,
      high: 0,
      medium: 1,
      low: 0,
      info: 0,
    });
    expect(body.teams.map(t => [t.groupRef, t.services, t.entities])).toEqual([
      ['group:default/commerce-team', 2, []],
      ['group:default/docs-team', 1, []],
    ]);
    expect(body).not.toHaveProperty('findings');
  });

  it('pages, sorts and searches the services', async () => {
    const server = await app();
    const first = await request(server).get('/overview/services?limit=1');
    expect(first.status).toBe(200);
    const page: ListPage<ScorecardEntity> = first.body;
    expect(page).toMatchObject({ total: 2, offset: 0, limit: 1 });
    expect(page.items.map(s => s.entityRef)).toEqual([
      'component:default/legacy-service',
    ]);
    const byName = await request(server).get(
      '/overview/services?offset=1&limit=1&sort=name&order=desc',
    );
    expect(byName.body.items.map((s: ScorecardEntity) => s.entityRef)).toEqual([
      'component:default/legacy-service',
    ]);
    const searched = await request(server).get('/overview/services?q=PAYMENT');
    expect(searched.body).toMatchObject({
      total: 1,
      items: [{ entityRef: 'component:default/payment-service' }],
    });
  });

  it('filters the findings by severity without reading the catalog', async () => {
    const catalog = catalogServiceMock.mock();
    const server = await app({ catalog });
    const medium = await request(server).get(
      '/overview/findings?severity=medium,high',
    );
    expect(medium.status).toBe(200);
    expect(medium.body).toMatchObject({
      total: 1,
      offset: 0,
      limit: 25,
      items: [{ rule: 'workload-outside-mesh', cluster: 'prod' }],
    });
    const low = await request(server).get('/overview/findings?severity=low');
    expect(low.body).toMatchObject({ total: 0, items: [] });
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });

  it.each([
    [
      '/overview/services?limit=0',
      /limit Number must be greater than or equal to 1/,
    ],
    [
      '/overview/services?limit=101',
      /limit Number must be less than or equal to 100/,
    ],
    ['/overview/services?offset=-1', /offset must be a whole number/],
    ['/overview/services?sort=owner', /sort Invalid enum value/],
    [
      '/overview/services?servicesLimit=10',
      /Unrecognized key\(s\) in object: 'servicesLimit'/,
    ],
    ['/overview/services?q=a&q=b', /q Expected string, received array/],
    ['/overview/findings?severity=urgent', /severity\.0 Invalid enum value/],
    ['/overview/findings?order=up', /order Invalid enum value/],
  ])('answers 400 naming the parameter for %s', async (path, message) => {
    const catalog = catalogServiceMock.mock();
    const res = await request(await app({ catalog })).get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(message);
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });

  it.each([
    '/overview',
    '/overview/summary',
    '/overview/services',
    '/overview/findings',
    '/groups/default/commerce-team/scorecard',
  ])('answers 403 when mesh-security.read is denied: %s', async path => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const res = await request(await app({ permissions })).get(path);
    expect(res.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'mesh-security.read' }),
        },
      ],
      { credentials: mockCredentials.user() },
    );
  });

  it('only aggregates entities the caller may read in the catalog', async () => {
    // a catalog whose permission policy lets jane see payment-service only
    const full = catalogServiceMock({ entities });
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async (req, options) => {
        const { credentials } = options as {
          credentials: BackstageCredentials;
        };
        const all = await full.getEntities(req, { credentials });
        const principal = credentials.principal as { userEntityRef?: string };
        if (principal.userEntityRef !== 'user:default/jane') return all;
        return {
          items: all.items.filter(e => e.metadata.name === 'payment-service'),
        };
      }),
      getEntitiesByRefs: jest.fn(async (req, options) =>
        full.getEntitiesByRefs(req, options),
      ),
    });
    const res = await request(await app({ catalog }))
      .get('/overview')
      .set('Authorization', mockCredentials.user.header('user:default/jane'));
    expect(res.status).toBe(200);
    expect(
      res.body.services.map((e: { entityRef: string }) => e.entityRef),
    ).toEqual(['component:default/payment-service']);
    expect(catalog.getEntities).toHaveBeenCalledWith(expect.anything(), {
      credentials: mockCredentials.user('user:default/jane'),
    });
  });
});
