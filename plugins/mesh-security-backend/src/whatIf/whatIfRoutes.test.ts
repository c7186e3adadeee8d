import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import type {
  AuthorizationProposals,
  SimulationResponse,
  StrictMigration,
} from '@mesh-security/plugin-mesh-security-common';
import express from 'express';
import request from 'supertest';
import { createRouter, type RouterOptions } from '../router/createRouter';
import type { SimulationInput } from './SimulationInputStore';
import { InProcessSimulator } from './Simulator';
import {
  ALLOW_INGRESS,
  DEMO_CLUSTER,
  demoMesh,
} from './__testUtils__/demoMesh';

const demo = demoMesh();

const INGRESS_PRINCIPAL =
  'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';

const DENY_SHOP = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-shop
  namespace: payments
spec:
  action: DENY
  rules:
  - from:
    - source:
        namespaces: [shop]
`;

/** Allows everything but the permissions named. */
function denying(...names: string[]) {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: names.includes(
          (r as { permission: Permission }).permission.name,
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  });
}

async function app(
  overrides: Partial<RouterOptions> & {
    inputs?: Record<string, SimulationInput>;
  } = {},
) {
  const inputs = overrides.inputs ?? { [DEMO_CLUSTER]: demo.input };
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    catalog: catalogServiceMock({ entities: demo.entities }),
    auth: mockServices.auth({ pluginId: 'mesh-security' }),
    cache: CacheManager.fromConfig(mockServices.rootConfig()).forPlugin(
      'mesh-security',
    ),
    entityCacheTtlMs: 30_000,
    store: { current: async () => demo.view },
    simulator: new InProcessSimulator({
      read: async cluster => inputs[cluster],
    }),
    ...overrides,
  });
  return express().use(router).use(mockErrorHandler());
}

describe('POST /simulate', () => {
  it('on the demo, the ingress ALLOW rule clears authz-observed-caller-denied and restores the ingress flow', async () => {
    const res = await request(await app())
      .post('/simulate')
      .send({ yaml: ALLOW_INGRESS });
    expect(res.status).toBe(200);
    const body: SimulationResponse = res.body;
    expect(body.changed).toEqual([
      'AuthorizationPolicy edge/api-gateway-ingress',
    ]);
    expect(body.clusters).toHaveLength(1);
    const [demoCluster] = body.clusters;
    expect(demoCluster.cluster).toBe(DEMO_CLUSTER);
    expect(demoCluster.evaluatedAt).toBe(demo.input.evaluatedAt);
    expect(demoCluster.findingsRemoved.map(f => [f.rule, f.subject])).toEqual([
      ['authz-observed-caller-denied', 'edge/api-gateway'],
    ]);
    expect(demoCluster.flows).toEqual([
      expect.objectContaining({
        source: 'istio-system/istio-ingressgateway',
        destination: 'edge/api-gateway',
        outcome: 'restored',
        rate: 4988,
      }),
    ]);
    // the ingress gateway is no catalog entity of the demo
    expect(demoCluster.flows[0].sourceEntity).toBeUndefined();
    expect(demoCluster.breaking).toEqual({ flows: 0, rate: 0 });
  });

  it('names the catalog entity and owners of each caller a change would break', async () => {
    const res = await request(await app())
      .post('/simulate')
      .send({ yaml: DENY_SHOP });
    expect(res.status).toBe(200);
    const [demoCluster] = (res.body as SimulationResponse).clusters;
    expect(demoCluster.flows).toEqual([
      expect.objectContaining({
        source: 'shop/order-service',
        destination: 'payments/payment-service',
        outcome: 'breaks',
        cause: 'authz-denies',
        sourceEntity: {
          entityRef: 'component:default/order-service',
          owners: ['group:default/commerce-team'],
        },
      }),
    ]);
    expect(demoCluster.breaking.flows).toBe(1);
    expect(demoCluster.breaking.rate).toBe(demoCluster.flows[0].rate);
  });

  it('accepts the change as objects, and a deletion by annotation', async () => {
    const server = await app();
    const added = await request(server)
      .post('/simulate')
      .send({
        changes: [
          {
            apiVersion: 'security.istio.io/v1',
            kind: 'PeerAuthentication',
            metadata: { name: 'default', namespace: 'comms' },
            spec: { mtls: { mode: 'STRICT' } },
          },
        ],
      });
    expect(added.status).toBe(200);
    const [cluster] = (added.body as SimulationResponse).clusters;
    // comms is strict-ready: STRICT breaks nothing observed
    expect(cluster.findingsRemoved.map(f => f.rule)).toContain('strict-ready');
    expect(cluster.workloads).toEqual([
      expect.objectContaining({
        workload: 'comms/notification-svc',
        after: expect.objectContaining({ mtlsMode: 'STRICT' }),
      }),
    ]);
    expect(cluster.breaking.flows).toBe(0);

    const policy = demo.objects.find(
      o => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === 'edge',
    )!;
    const deleted = await request(server)
      .post('/simulate')
      .send({
        changes: [
          {
            ...policy,
            metadata: {
              ...policy.metadata,
              annotations: { 'mesh-security.io/change': 'delete' },
            },
          },
        ],
      });
    expect(deleted.status).toBe(200);
    expect(deleted.body.changed).toEqual([
      `AuthorizationPolicy edge/${policy.metadata.name} (deleted)`,
    ]);
  });

  it('simulates in the clusters of an entity the caller may read; a denied entity is a missing one', async () => {
    const allowed = await request(await app())
      .post('/simulate')
      .send({
        yaml: ALLOW_INGRESS,
        entityRef: 'component:default/api-gateway',
      });
    expect(allowed.status).toBe(200);
    expect(
      allowed.body.clusters.map((c: { cluster: string }) => c.cluster),
    ).toEqual([DEMO_CLUSTER]);

    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r &&
            r.resourceRef === 'component:default/api-gateway'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const denied = await request(await app({ permissions }))
      .post('/simulate')
      .send({
        yaml: ALLOW_INGRESS,
        entityRef: 'component:default/api-gateway',
      });
    expect(denied.status).toBe(404);
    expect(denied.body.error.message).toBe(
      'No entity component:default/api-gateway',
    );
  });

  it('answers 403 without mesh-security.simulate, before reading the body', async () => {
    const permissions = denying('mesh-security.simulate');
    const res = await request(await app({ permissions }))
      .post('/simulate')
      .send({ yaml: 'not: [valid' });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual(
      expect.objectContaining({
        name: 'NotAllowedError',
        message: 'Not allowed to simulate mesh changes',
      }),
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'mesh-security.simulate',
          }),
        },
      ],
      expect.anything(),
    );
  });

  it('answers 401 without credentials', async () => {
    const res = await request(
      await app({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.none(),
        }),
      }),
    )
      .post('/simulate')
      .send({ yaml: ALLOW_INGRESS });
    expect(res.status).toBe(401);
  });

  it('answers 413 with the limit for a body over meshSecurity.whatIf.maxChangeSize', async () => {
    const server = await app({ maxChangeBytes: 4096 });
    const res = await request(server)
      .post('/simulate')
      .send({ yaml: `${ALLOW_INGRESS}# ${'x'.repeat(5000)}\n` });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe(
      'The change is larger than 4 KiB (meshSecurity.whatIf.maxChangeSize)',
    );
    // just below the limit is read
    const fits = await request(server)
      .post('/simulate')
      .send({ yaml: `${ALLOW_INGRESS}# ${'x'.repeat(3000)}\n` });
    expect(fits.status).toBe(200);
  });

  it.each([
    [
      'unparsable YAML',
      `${ALLOW_INGRESS}  rules: [oops\n`,
      /^change\.yaml:\d+: /,
    ],
    [
      'an invalid PeerAuthentication mode',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: comms\nspec:\n  mtls:\n    mode: STRICTER\n',
      /^change\.yaml:\d+: .*STRICTER/,
    ],
    [
      'no object at all',
      '# nothing\n',
      /^change\.yaml: no Kubernetes objects found/,
    ],
    [
      'a bad change annotation',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: comms\n  annotations:\n    mesh-security.io/change: remove\n',
      /^change\.yaml: Namespace comms: mesh-security\.io\/change must be "delete"/,
    ],
  ])(
    'answers 400 with file:line and the reason for %s',
    async (_what, yaml, message) => {
      const res = await request(await app())
        .post('/simulate')
        .send({ yaml });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    },
  );

  it('names the line of the second document that is wrong', async () => {
    const yaml = `${ALLOW_INGRESS}---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: comms\nspec:\n  mtls:\n    mode: STRICTER\n`;
    const line = yaml.split('\n').indexOf('    mode: STRICTER') + 1;
    const res = await request(await app())
      .post('/simulate')
      .send({ yaml });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      new RegExp(`^change\\.yaml:${line}: .*STRICTER`),
    );
  });

  it('refuses a request with both or neither of yaml and changes', async () => {
    const server = await app();
    for (const body of [{}, { yaml: ALLOW_INGRESS, changes: [] }]) {
      const res = await request(server).post('/simulate').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid request: give the change as either `yaml` or `changes`',
      );
    }
  });

  it('answers 404 for an unknown cluster and 503 until the cluster objects are kept', async () => {
    const unknown = await request(await app())
      .post('/simulate')
      .send({ yaml: ALLOW_INGRESS, cluster: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No cluster nope');

    const notKept = await request(await app({ inputs: {} }))
      .post('/simulate')
      .send({ yaml: ALLOW_INGRESS });
    expect(notKept.status).toBe(503);
    expect(notKept.body.error.message).toMatch(/after the next refresh/);
  });
});

describe('POST /propose/authz', () => {
  it("proposes api-gateway's least-privilege policy, which breaks nothing observed", async () => {
    const res = await request(await app())
      .post('/propose/authz')
      .send({ entityRef: 'component:default/api-gateway' });
    expect(res.status).toBe(200);
    const body: AuthorizationProposals = res.body;
    expect(body.entityRef).toBe('component:default/api-gateway');
    expect(body.proposals).toHaveLength(1);
    const [proposal] = body.proposals;
    expect(proposal).toMatchObject({
      cluster: DEMO_CLUSTER,
      workload: 'edge/api-gateway',
      principals: [INGRESS_PRINCIPAL, 'cluster.local/ns/tools/sa/retool'],
      unauthenticatedCallers: [],
    });
    expect(proposal.yaml).toContain('name: api-gateway-least-privilege');
    expect(proposal.simulation.breaking).toEqual({ flows: 0, rate: 0 });
    expect(proposal.simulation.findingsRemoved.map(f => f.rule)).toContain(
      'authz-observed-caller-denied',
    );
  });

  it('needs mesh-security.simulate and read access to the entity', async () => {
    const denied = await request(
      await app({ permissions: denying('mesh-security.simulate') }),
    )
      .post('/propose/authz')
      .send({ entityRef: 'component:default/api-gateway' });
    expect(denied.status).toBe(403);
    const hidden = await request(
      await app({ permissions: denying('catalog.entity.read') }),
    )
      .post('/propose/authz')
      .send({ entityRef: 'component:default/api-gateway' });
    expect(hidden.status).toBe(404);
  });

  it('answers 404 for a workload that is not the entity’s', async () => {
    const res = await request(await app())
      .post('/propose/authz')
      .send({
        entityRef: 'component:default/api-gateway',
        workload: 'shop/order-service',
      });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'component:default/api-gateway has no workload shop/order-service',
    );
  });

  it('answers 400 when the cluster has no traffic metrics, 404 when the kept objects lost the workload', async () => {
    const { metrics, ...withoutMetrics } = demo.input;
    const noMetrics = await request(
      await app({ inputs: { [DEMO_CLUSTER]: withoutMetrics } }),
    )
      .post('/propose/authz')
      .send({ entityRef: 'component:default/api-gateway' });
    expect(noMetrics.status).toBe(400);
    expect(noMetrics.body.error.message).toBe(
      'Cluster demo has no traffic metrics: a least-privilege proposal needs the observed callers',
    );

    // a refresh in between: the served report still has the workload, the kept objects not
    const gone = await request(
      await app({
        inputs: {
          [DEMO_CLUSTER]: {
            ...demo.input,
            objects: demo.input.objects.filter(
              o => (o.metadata as { namespace?: string }).namespace !== 'edge',
            ),
          },
        },
      }),
    )
      .post('/propose/authz')
      .send({ entityRef: 'component:default/api-gateway' });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe(
      'Cluster demo: no workload edge/api-gateway',
    );
  });
});

describe('GET /overview/strict-migration', () => {
  it('needs mesh-security.read', async () => {
    const res = await request(
      await app({ permissions: denying('mesh-security.read') }),
    ).get('/overview/strict-migration');
    expect(res.status).toBe(403);
  });

  it('answers a page of namespaces with the totals of all of them', async () => {
    const server = await app();
    const all: StrictMigration = (
      await request(server).get('/overview/strict-migration')
    ).body;
    expect(all.namespaces.length).toBeGreaterThan(2);
    expect(all.totals).toEqual({
      namespaces: all.namespaces.length,
      byState: {
        strict: all.namespaces.filter(n => n.state === 'strict').length,
        ready: all.namespaces.filter(n => n.state === 'ready').length,
        blocked: all.namespaces.filter(n => n.state === 'blocked').length,
        'outside-mesh': all.namespaces.filter(n => n.state === 'outside-mesh')
          .length,
      },
      workloads: all.namespaces.reduce((sum, n) => sum + n.workloads.length, 0),
      clusters: 1,
    });

    const page = await request(server).get(
      '/overview/strict-migration?offset=1&limit=2',
    );
    expect(page.status).toBe(200);
    expect(page.body.namespaces).toEqual(all.namespaces.slice(1, 3));
    expect(page.body.totals).toEqual(all.totals);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['offset=-1', 'offset'],
    ['page=2', 'page'],
  ])('refuses ?%s with a 400 naming %s', async (query, name) => {
    const res = await request(await app()).get(
      `/overview/strict-migration?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(name);
  });

  it('shows comms ready for namespace-wide STRICT, and who talks plaintext to legacy', async () => {
    const res = await request(await app()).get('/overview/strict-migration');
    expect(res.status).toBe(200);
    const body: StrictMigration = res.body;
    const comms = body.namespaces.find(n => n.namespace === 'comms')!;
    expect(comms).toMatchObject({ state: 'ready', blockers: [] });
    expect(comms.safeToApply).toContain('namespace: comms');
    expect(comms.safeToApply).toContain('mode: STRICT');
    const legacy = body.namespaces.find(n => n.namespace === 'legacy')!;
    expect(legacy.state).toBe('outside-mesh');
    expect(legacy.workloads[0].plaintextCallers).toEqual([
      {
        workload: 'shop/order-service',
        entity: {
          entityRef: 'component:default/order-service',
          owners: ['group:default/commerce-team'],
        },
      },
    ]);
  });
});
