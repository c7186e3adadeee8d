import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityPosture,
  TeamScorecard,
} from '@mesh-security/plugin-mesh-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MeshSecurityClient } from './MeshSecurityClient';
import { meshSecurityServiceRef } from './meshSecurityServiceRef';

const BASE = 'http://localhost:0/api/mesh-security';

const posture = {
  entityRef: 'component:payments/payment-service',
  generatedAt: '2026-08-01T00:00:00.000Z',
  sources: [],
  assumptions: {},
  workloads: [],
  services: [],
  findings: [],
  coverage: { workloads: 1, meshed: 1, strict: 1, mtlsTrafficShare: 1 },
  summary: {
    mtlsMode: 'STRICT',
    meshed: true,
    worstSeverity: null,
    findingsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    rps: 1000,
    mtlsTrafficShare: 1,
    health: 'OK',
    plaintextCallers: [],
    hasAuthorizationPolicy: false,
    strictReady: false,
  },
} satisfies EntityPosture;

// A backend starts per test: loading its modules can outlast jest's 5 s
// default on a loaded 2-core machine.
jest.setTimeout(60_000);

describe('MeshSecurityClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const auth = mockServices.auth({ pluginId: 'tech-insights' });
  const client = new MeshSecurityClient({
    discovery: mockServices.discovery(),
    auth,
  });

  it('reads an entity posture with a service token for mesh-security', async () => {
    const seen: { path?: string; authorization?: string | null } = {};
    server.use(
      http.get(`${BASE}/entities/:namespace/:kind/:name`, ({ request }) => {
        seen.path = new URL(request.url).pathname;
        seen.authorization = request.headers.get('authorization');
        return HttpResponse.json(posture);
      }),
    );

    await expect(
      client.getEntityPosture('component:payments/payment-service'),
    ).resolves.toEqual(posture);
    expect(seen.path).toBe(
      '/api/mesh-security/entities/payments/component/payment-service',
    );
    expect(seen.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'mesh-security',
      }),
    );
  });

  it('forwards the credentials it is given instead of its own', async () => {
    const user = mockCredentials.user('user:default/alice');
    let authorization: string | null = null;
    server.use(
      http.get(`${BASE}/entities/default/component/x`, ({ request }) => {
        authorization = request.headers.get('authorization');
        return HttpResponse.json(posture);
      }),
    );

    await client.getEntityPosture('component:x', { credentials: user });
    expect(authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: user,
        targetPluginId: 'mesh-security',
      }),
    );
  });

  it('resolves to undefined on 404', async () => {
    server.use(
      http.get(`${BASE}/entities/default/component/unknown`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no such entity' } },
          { status: 404 },
        ),
      ),
    );
    await expect(
      client.getEntityPosture('component:default/unknown'),
    ).resolves.toBeUndefined();
  });

  it('throws a ResponseError that names the call and the server reason', async () => {
    server.use(
      http.get(`${BASE}/entities/default/component/broken`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'cluster prod-eu unreachable' },
            request: {
              method: 'GET',
              url: '/entities/default/component/broken',
            },
            response: { statusCode: 503 },
          },
          { status: 503, statusText: 'Service Unavailable' },
        ),
      ),
    );

    const error = await client
      .getEntityPosture('component:default/broken')
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(503);
    expect(error.message).toBe(
      'mesh-security backend: reading the posture of component:default/broken failed with 503 Service Unavailable: cluster prod-eu unreachable',
    );
  });

  it('encodes path segments', async () => {
    let path = '';
    server.use(
      http.get(`${BASE}/entities/*`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(posture);
      }),
    );
    await client.getEntityPosture('component:default/a b#c');
    expect(path).toBe(
      '/api/mesh-security/entities/default/component/a%20b%23c',
    );
  });

  it('rejects refs without a kind before calling anything', async () => {
    await expect(
      client.getEntityPosture('default/payment-service'),
    ).rejects.toThrow(/Invalid entity ref 'default\/payment-service'/);
  });

  it('reads a team scorecard, defaulting the kind to group', async () => {
    const scorecard = {
      groupRef: 'group:default/commerce-team',
      services: 0,
      strictShare: null,
      mtlsTrafficShare: null,
      findingsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      // nothing found, nothing graded
      grade: null,
      score: null,
      entities: [],
    } satisfies TeamScorecard;
    server.use(
      http.get(`${BASE}/groups/default/commerce-team/scorecard`, () =>
        HttpResponse.json(scorecard),
      ),
      http.get(
        `${BASE}/groups/default/nobody/scorecard`,
        () => new HttpResponse(null, { status: 404 }),
      ),
    );

    await expect(client.getTeamScorecard('commerce-team')).resolves.toEqual(
      scorecard,
    );
    await expect(
      client.getTeamScorecard('group:default/nobody'),
    ).resolves.toBeUndefined();
    await expect(
      client.getTeamScorecard('component:default/commerce-team'),
    ).rejects.toThrow("'component:default/commerce-team' is not a group ref");
  });
});

describe('meshSecurityServiceRef', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('has a default factory that needs only discovery and auth', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(
        '*/api/mesh-security/entities/payments/component/payment-service',
        ({ request }) => {
          authorization = request.headers.get('authorization');
          return HttpResponse.json(posture);
        },
      ),
    );

    const received: Array<EntityPosture | undefined> = [];
    const consumer = createBackendPlugin({
      pluginId: 'consumer',
      register(env) {
        env.registerInit({
          deps: {
            meshSecurity: meshSecurityServiceRef,
            auth: coreServices.auth,
          },
          async init({ meshSecurity }) {
            received.push(
              await meshSecurity.getEntityPosture(
                'component:payments/payment-service',
              ),
            );
          },
        });
      },
    });

    const backend = await startTestBackend({ features: [consumer] });
    expect(received).toEqual([posture]);
    expect(authorization).toMatch(/^Bearer /);
    await backend.stop();
  });
});
