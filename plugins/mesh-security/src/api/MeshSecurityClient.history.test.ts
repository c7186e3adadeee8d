/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MeshSecurityClient } from './MeshSecurityClient';

const BASE = 'http://backstage.test/api/mesh-security';

const history = (subjectRef: string): PostureHistory => ({
  subjectRef,
  days: 30,
  from: '2025-02-01T12:00:00.000Z',
  points: [],
});

describe('MeshSecurityClient history', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new MeshSecurityClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://backstage.test/api/${pluginId}`,
    },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('reads an entity history for the days asked, with the user token', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    server.use(
      http.get(
        `${BASE}/entities/:namespace/:kind/:name/history`,
        ({ request }) => {
          seen.push({
            url: request.url,
            auth: request.headers.get('authorization'),
          });
          return HttpResponse.json(
            history('component:default/payment-service'),
          );
        },
      ),
    );
    await client.getEntityHistory('Component:default/payment-service', {
      days: 90,
    });
    await client.getEntityHistory({
      kind: 'component',
      name: 'payment-service',
    });
    expect(seen).toEqual([
      {
        url: `${BASE}/entities/default/component/payment-service/history?days=90`,
        auth: 'Bearer user-token',
      },
      {
        url: `${BASE}/entities/default/component/payment-service/history`,
        auth: 'Bearer user-token',
      },
    ]);
  });

  it('reads a team history, the kind defaulting to group', async () => {
    let url: string | undefined;
    server.use(
      http.get(`${BASE}/groups/:namespace/:name/history`, ({ request }) => {
        url = request.url;
        return HttpResponse.json(history('group:default/commerce-team'));
      }),
    );
    await expect(
      client.getTeamHistory('commerce-team', { days: 30 }),
    ).resolves.toEqual(history('group:default/commerce-team'));
    expect(url).toBe(`${BASE}/groups/default/commerce-team/history?days=30`);
    await expect(
      client.getTeamHistory('component:default/payment-service'),
    ).rejects.toThrow(
      "Team history exists for Group entities only, got kind 'component'",
    );
  });

  it("rejects with the backend's error", async () => {
    server.use(
      http.get(`${BASE}/groups/:namespace/:name/history`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Invalid request: days Number must be less than or equal to 90',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client
      .getTeamHistory('commerce-team', { days: 120 })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toBe(
      'Invalid request: days Number must be less than or equal to 90',
    );
  });
});
