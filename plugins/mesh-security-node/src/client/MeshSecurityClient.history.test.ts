import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MeshSecurityClient } from './MeshSecurityClient';

const BASE = 'http://localhost:0/api/mesh-security';

const history: PostureHistory = {
  subjectRef: 'group:default/commerce-team',
  days: 30,
  from: '2026-07-02T00:00:00.000Z',
  points: [],
};

describe('MeshSecurityClient.getTeamHistory', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const auth = mockServices.auth({ pluginId: 'tech-insights' });
  const client = new MeshSecurityClient({
    discovery: mockServices.discovery(),
    auth,
  });

  it('reads a group history for the days asked, with a service token on the given behalf', async () => {
    const seen: { url?: string; authorization?: string | null } = {};
    server.use(
      http.get(
        `${BASE}/groups/default/commerce-team/history`,
        ({ request }) => {
          seen.url = request.url;
          seen.authorization = request.headers.get('authorization');
          return HttpResponse.json(history);
        },
      ),
    );
    await expect(
      client.getTeamHistory('commerce-team', { days: 30 }),
    ).resolves.toEqual(history);
    expect(new URL(seen.url!).search).toBe('?days=30');
    expect(seen.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'mesh-security',
      }),
    );
  });

  it('leaves the window to the backend without days, and resolves to undefined on 404', async () => {
    let search: string | undefined;
    server.use(
      http.get(
        `${BASE}/groups/default/commerce-team/history`,
        ({ request }) => {
          search = new URL(request.url).search;
          return HttpResponse.json(history);
        },
      ),
      http.get(
        `${BASE}/groups/default/nobody/history`,
        () => new HttpResponse(null, { status: 404 }),
      ),
    );
    await client.getTeamHistory('group:default/commerce-team');
    expect(search).toBe('');
    await expect(
      client.getTeamHistory('group:default/nobody'),
    ).resolves.toBeUndefined();
  });

  it('names the call when the backend refuses the window', async () => {
    server.use(
      http.get(`${BASE}/groups/default/commerce-team/history`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Invalid request: days Number must be less than or equal to 90',
            },
            response: { statusCode: 400 },
          },
          { status: 400, statusText: 'Bad Request' },
        ),
      ),
    );
    await expect(
      client.getTeamHistory('commerce-team', { days: 120 }),
    ).rejects.toThrow(
      'mesh-security backend: reading the history of commerce-team failed with 400 Bad Request: Invalid request: days Number must be less than or equal to 90',
    );
    await expect(client.getTeamHistory('component:default/x')).rejects.toThrow(
      "'component:default/x' is not a group ref",
    );
  });
});
