// Every route refuses callers without valid credentials (401 with a
// message) except /health, and odd paths get a clear 4xx, never data or a 500.
import { API } from './backend.mjs';
import { forgedJwt, ROUTES } from './tokens.mjs';
import { assert } from './waits.mjs';

function assertRefused(res, what) {
  assert(res.status === 401, `${what}: HTTP ${res.status}, want 401`);
  assert(
    typeof res.json?.error?.message === 'string' && res.json.error.message,
    `${what}: 401 without an error message`,
  );
}

/** A real limited user token: the cookie a signed-in user gets for static assets. */
async function limitedUserCookie(backend) {
  const guest = await backend.send('POST', '/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const token = guest.json?.backstageIdentity?.token;
  if (!token) return { reason: `guest sign-in answered ${guest.status}` };
  const cookie = await backend.send('GET', `${API}/.backstage/auth/v1/cookie`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const set = [cookie.headers['set-cookie'] ?? []].flat().join('; ');
  const value = /backstage-auth=([^;]+)/.exec(set)?.[1];
  if (!value)
    return {
      reason: `the cookie endpoint answered ${cookie.status} without a cookie`,
    };
  return { cookie: `backstage-auth=${value}`, userToken: token };
}

export async function accessFamily({ suite, backend, check }) {
  const limited = await limitedUserCookie(backend);
  const callers = [
    ['no token', {}],
    ['garbage token', { authorization: 'Bearer not-a-token.%00;' }],
    [
      'expired JWT signed with a foreign key',
      { authorization: `Bearer ${forgedJwt({ expiresIn: -60 })}` },
    ],
    [
      'JWT for another audience',
      { authorization: `Bearer ${forgedJwt({ aud: 'another-service' })}` },
    ],
    [
      'Basic credentials',
      {
        authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`,
      },
    ],
  ];
  if (limited.cookie)
    callers.push(['limited user cookie', { cookie: limited.cookie }]);
  else suite.skip('access: limited user cookie', limited.reason);

  for (const [caller, headers] of callers) {
    await check(`access: ${caller} is refused on every route`, async () => {
      for (const [method, path, body] of ROUTES) {
        const res = await backend.send(method, `${API}${path}`, {
          headers,
          body,
        });
        assertRefused(res, `${method} ${path}`);
      }
    });
  }
  await check(
    'access: /health answers without a token, and only /health',
    async () => {
      const res = await backend.send('GET', `${API}/health`);
      assert(
        res.status === 200 && res.json?.status === 'ok',
        `/health: HTTP ${res.status}`,
      );
      // the unauthenticated policy is for /health alone, not what a path makes of it
      for (const path of [
        '/health/../overview',
        '/health/%2e%2e/overview',
        '/health%2F..%2Foverview',
        '/health/..%2Foverview',
        '//overview',
        '/./overview',
        '/health;/../overview',
      ]) {
        const res = await backend.send('GET', `${API}${path}`);
        assert(
          res.status === 401 || res.status === 404,
          `GET ${path} without a token: HTTP ${res.status}`,
        );
        assert(
          !res.json?.workloads && !res.json?.teams,
          `GET ${path} served data`,
        );
      }
    },
  );
  if (limited.userToken) {
    await check('access: a signed-in user (guest) is let in', async () => {
      const res = await backend.send(
        'GET',
        `${API}/entities/default/component/payment-service`,
        {
          headers: { authorization: `Bearer ${limited.userToken}` },
        },
      );
      assert(res.status === 200, `HTTP ${res.status}`);
    });
  }

  await check(
    'paths: odd entity and group references are a clear 4xx',
    async () => {
      const paths = [
        '/entities/default/component/..',
        '/entities/default/component/%2e%2e',
        '/entities/default/component/..%2F..%2Fcatalog',
        '/entities/default/component/a%2Fb',
        '/entities/default/component/payment-service%00',
        '/entities/default/component/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
        '/entities/default/component/%E2%80%AEpayment',
        `/entities/default/component/${'a'.repeat(300)}`,
        '/entities/default/component/%',
        '/entities/..%2F..%2F/component/payment-service/history?days=7',
        '/entities/default/component/payment-service/history?days=-1',
        '/entities/default/component/payment-service/history?days=1e9',
        '/entities/default/component/payment-service/history?days[]=1',
        '/groups/%2e%2e/platform-team/scorecard',
        '/groups/default/..%2Fplatform-team/history?days=7',
        '/groups/default/no-such-group/scorecard',
        '/entities/default/component/no-such-service',
      ];
      for (const path of paths) {
        const res = await backend.get(path);
        assert(
          res.status >= 400 && res.status < 500,
          `GET ${path}: HTTP ${res.status}`,
        );
        assert(
          typeof res.json?.error?.message === 'string',
          `GET ${path}: ${res.status} without an error message`,
        );
      }
    },
  );
  await check(
    'paths: the plugin prefix cannot be left with dot segments',
    async () => {
      for (const path of [
        `${API}/../catalog/entities`,
        `${API}/%2e%2e/catalog/entities`,
        `${API}/..%2fcatalog%2fentities`,
      ]) {
        const res = await backend.send('GET', path);
        // without a token nothing but /health may answer 2xx
        assert(
          res.status === 401 || res.status === 404,
          `GET ${path} without a token: HTTP ${res.status}`,
        );
      }
    },
  );
}
