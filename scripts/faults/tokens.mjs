// Credentials a caller may present that must not open any route but /health:
// none, garbage, JWTs signed with a key the backend never issued (expired, or
// for another audience), and a real limited user cookie.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

const b64url = value =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** An ES256 JWT for `user:default/guest`, signed with a key of our own. */
export function forgedJwt({ aud = 'backstage', expiresIn = 3600 }) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', typ: 'JWT', kid: randomUUID() };
  const payload = {
    iss: 'http://127.0.0.1:7007/api/auth',
    sub: 'user:default/guest',
    ent: ['user:default/guest'],
    aud,
    iat: now - 7200,
    exp: now + expiresIn,
  };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');
  return `${input}.${signature}`;
}

/** The routes a reader can call, with a body where they need one. */
export const ROUTES = [
  ['GET', '/entities/default/component/payment-service'],
  ['GET', '/entities/default/component/payment-service/history?days=7'],
  ['GET', '/groups/default/platform-team/scorecard'],
  ['GET', '/groups/default/platform-team/history?days=7'],
  ['GET', '/overview'],
  ['GET', '/overview/strict-migration'],
  [
    'POST',
    '/simulate',
    { yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n' },
  ],
  [
    'POST',
    '/propose/authz',
    { entityRef: 'component:default/payment-service' },
  ],
];
