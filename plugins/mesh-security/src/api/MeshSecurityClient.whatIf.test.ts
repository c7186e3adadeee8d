/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MeshSecurityClient } from './MeshSecurityClient';

const BASE = 'http://backstage.test/api/mesh-security';

describe('MeshSecurityClient what-if', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new MeshSecurityClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://backstage.test/api/${pluginId}`,
    },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('posts a change to /simulate as JSON with the user token, asking every time', async () => {
    const seen: Array<{
      body: unknown;
      auth: string | null;
      type: string | null;
    }> = [];
    server.use(
      http.post(`${BASE}/simulate`, async ({ request }) => {
        seen.push({
          body: await request.json(),
          auth: request.headers.get('authorization'),
          type: request.headers.get('content-type'),
        });
        return HttpResponse.json({ changed: ['Namespace x'], clusters: [] });
      }),
    );
    const request = {
      yaml: 'kind: Namespace',
      entityRef: 'component:default/a',
    };
    await client.simulateChange(request);
    const answer = await client.simulateChange(request);
    expect(answer.changed).toEqual(['Namespace x']);
    expect(seen).toEqual([
      { body: request, auth: 'Bearer user-token', type: 'application/json' },
      { body: request, auth: 'Bearer user-token', type: 'application/json' },
    ]);
  });

  it('turns a 400 into a ResponseError carrying the file:line reason', async () => {
    server.use(
      http.post(`${BASE}/simulate`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'change.yaml:2: bad' },
            request: { method: 'POST', url: '/simulate' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client.simulateChange({ yaml: 'x' }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe('change.yaml:2: bad');
  });

  it('posts proposals to /propose/authz and reads the migration from /overview/strict-migration', async () => {
    let proposed: unknown;
    server.use(
      http.post(`${BASE}/propose/authz`, async ({ request }) => {
        proposed = await request.json();
        return HttpResponse.json({
          entityRef: 'component:default/a',
          proposals: [],
        });
      }),
      http.get(`${BASE}/overview/strict-migration`, ({ request }) =>
        HttpResponse.json({
          asked: new URL(request.url).search,
          generatedAt: 'now',
          sources: [],
          trafficJudged: true,
          namespaces: [],
        }),
      ),
    );
    await client.proposeAuthorization({ entityRef: 'component:default/a' });
    expect(proposed).toEqual({ entityRef: 'component:default/a' });
    await expect(client.getStrictMigration()).resolves.toMatchObject({
      trafficJudged: true,
      asked: '',
    });
    await expect(
      client.getStrictMigration({ offset: 20, limit: 20 }),
    ).resolves.toMatchObject({ asked: '?offset=20&limit=20' });
  });
});
