/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { paymentServicePosture } from '../__fixtures__';
import { MeshSecurityClient } from './MeshSecurityClient';

const BASE = 'http://backstage.test/api/mesh-security';

describe('MeshSecurityClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = {
    getBaseUrl: jest.fn(
      async (pluginId: string) => `http://backstage.test/api/${pluginId}`,
    ),
  };
  const fetchApi = new MockFetchApi({
    injectIdentityAuth: { token: 'user-token' },
  });
  // a fresh client per test: postures are kept for a while
  let client: MeshSecurityClient;
  beforeEach(() => {
    client = new MeshSecurityClient({ discoveryApi, fetchApi });
  });

  it('reads an entity posture from /entities/:namespace/:kind/:name with the user token', async () => {
    let seen: { url?: string; auth?: string | null } = {};
    server.use(
      http.get(`${BASE}/entities/:namespace/:kind/:name`, ({ request }) => {
        seen = { url: request.url, auth: request.headers.get('authorization') };
        return HttpResponse.json(paymentServicePosture);
      }),
    );
    const posture = await client.getEntityPosture(
      'component:default/payment-service',
    );
    expect(posture.summary.mtlsMode).toBe('STRICT');
    expect(seen.url).toBe(`${BASE}/entities/default/component/payment-service`);
    expect(seen.auth).toBe('Bearer user-token');
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('mesh-security');
  });

  it('accepts a compound ref, defaults the namespace and encodes path segments', async () => {
    let url: string | undefined;
    server.use(
      http.get(`${BASE}/entities/*`, ({ request }) => {
        url = request.url;
        return HttpResponse.json(paymentServicePosture);
      }),
    );
    await client.getEntityPosture({ kind: 'Component', name: 'a b' });
    expect(url).toBe(`${BASE}/entities/default/component/a%20b`);
  });

  it('rejects a string ref without kind instead of guessing', async () => {
    await expect(client.getEntityPosture('payment-service')).rejects.toThrow(
      /kind/i,
    );
  });

  it('turns a 404 into a ResponseError carrying the status and the server message', async () => {
    server.use(
      http.get(`${BASE}/entities/*`, () =>
        // the body shape of Backstage's error middleware
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'No entity component:default/nope',
            },
            request: { method: 'GET', url: '/entities/default/component/nope' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const error = await client
      .getEntityPosture('component:default/nope')
      .catch((e: unknown) => e);
    expect(ResponseError.is(error)).toBe(true);
    expect((error as ResponseError).statusCode).toBe(404);
    expect((error as ResponseError).cause.name).toBe('NotFoundError');
    expect((error as ResponseError).cause.message).toBe(
      'No entity component:default/nope',
    );
  });

  it('turns a 500 with a non-JSON body into a ResponseError', async () => {
    server.use(
      http.get(
        `${BASE}/overview`,
        () => new HttpResponse('upstream exploded', { status: 500 }),
      ),
    );
    const error = await client.getOverview().catch((e: unknown) => e);
    expect(ResponseError.is(error)).toBe(true);
    expect((error as ResponseError).statusCode).toBe(500);
  });

  it('asks for overview pages with the query in the URL, leaving out what is unset', async () => {
    const urls: string[] = [];
    const page = { items: [], total: 0, offset: 0, limit: 10 };
    server.use(
      http.get(`${BASE}/overview/services`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(page);
      }),
      http.get(`${BASE}/overview/findings`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(page);
      }),
    );
    await client.getOverviewServices({
      offset: 20,
      limit: 10,
      sort: 'rps',
      order: 'desc',
      q: 'pay ment&x',
    });
    await client.getOverviewServices({});
    await expect(
      client.getOverviewFindings({
        limit: 10,
        severity: ['critical', 'high'],
        q: '',
      }),
    ).resolves.toEqual(page);
    expect(urls).toEqual([
      `${BASE}/overview/services?offset=20&limit=10&sort=rps&order=desc&q=pay+ment%26x`,
      `${BASE}/overview/services`,
      `${BASE}/overview/findings?limit=10&severity=critical%2Chigh`,
    ]);
  });

  it('reads a team scorecard with kind Group as default', async () => {
    let url: string | undefined;
    server.use(
      http.get(`${BASE}/groups/:namespace/:name/scorecard`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ groupRef: 'group:default/commerce-team' });
      }),
    );
    const scorecard = await client.getTeamScorecard('commerce-team');
    expect(scorecard.groupRef).toBe('group:default/commerce-team');
    expect(url).toBe(`${BASE}/groups/default/commerce-team/scorecard`);
    await client.getTeamScorecard({ namespace: 'org', name: 'Platform-Team' });
    expect(url).toBe(`${BASE}/groups/org/platform-team/scorecard`);
  });

  it('refuses a scorecard for anything but a Group', async () => {
    await expect(client.getTeamScorecard('user:default/jane')).rejects.toThrow(
      /Group entities only/,
    );
  });

  it('reads the overview', async () => {
    server.use(
      http.get(`${BASE}/overview`, () =>
        HttpResponse.json({ plaintextFlows: 1, teams: [] }),
      ),
    );
    const overview = await client.getOverview();
    expect(overview.plaintextFlows).toBe(1);
  });

  describe('keeping postures', () => {
    let clock: number;
    let requests: number;
    let fail: boolean;
    const timed = (postureTtlMs?: number) =>
      new MeshSecurityClient({
        discoveryApi,
        fetchApi,
        postureTtlMs,
        now: () => clock,
      });
    beforeEach(() => {
      clock = 1_000_000;
      requests = 0;
      fail = false;
      server.use(
        http.get(`${BASE}/entities/:namespace/:kind/:name`, () => {
          requests += 1;
          return fail
            ? HttpResponse.json(
                { error: { name: 'Error', message: 'boom' } },
                { status: 500 },
              )
            : HttpResponse.json(paymentServicePosture);
        }),
      );
    });
    const ref = 'component:default/payment-service';

    it('asks once for the card and the tab of one entity, again after 15 s', async () => {
      const api = timed();
      const [card, tab] = await Promise.all([
        api.getEntityPosture(ref),
        api.getEntityPosture({
          kind: 'Component',
          namespace: 'default',
          name: 'payment-service',
        }),
      ]);
      expect(tab).toBe(card);
      clock += 14_999;
      await api.getEntityPosture(ref);
      expect(requests).toBe(1);
      clock += 1;
      await api.getEntityPosture(ref);
      expect(requests).toBe(2);
    });

    it('does not keep a failure, so a retry asks again', async () => {
      const api = timed();
      fail = true;
      await expect(api.getEntityPosture(ref)).rejects.toMatchObject({
        name: 'ResponseError',
      });
      fail = false;
      await expect(api.getEntityPosture(ref)).resolves.toMatchObject({
        entityRef: paymentServicePosture.entityRef,
      });
      expect(requests).toBe(2);
    });

    it('asks every time with a time to keep of 0', async () => {
      const api = timed(0);
      await api.getEntityPosture(ref);
      await api.getEntityPosture(ref);
      expect(requests).toBe(2);
    });
  });
});
