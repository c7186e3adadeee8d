import { Redactor } from './redact';

const USER = 'mesh-reader';
const PASSWORD = 'p@ss/w"rd+1';
const HEADER = 'tenant value&x=1';
const TOKEN = 'tok.en-123';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every spelling of a secret a server might echo. */
function spellings(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(1, -1),
    b64(secret),
    Buffer.from(secret).toString('base64url'),
  ];
}

describe('Redactor', () => {
  const redactor = Redactor.create({
    basicAuth: { username: USER, password: PASSWORD },
    headers: { 'X-Scope-OrgID': HEADER, Authorization: `Bearer ${TOKEN}` },
  });

  it.each([
    ['the basic-auth user', USER],
    ['the basic-auth password', PASSWORD],
    ['user:password', `${USER}:${PASSWORD}`],
    ['a custom header value', HEADER],
    ['a bearer token from an Authorization header', TOKEN],
  ])('cuts %s in every encoding', (_what, secret) => {
    for (const spelling of spellings(secret)) {
      const out = redactor.redact(`echo: [${spelling}] end`);
      expect(out).not.toContain(spelling);
      expect(out).toContain('<redacted>');
      expect(out).toMatch(/^echo: \[.*\] end$/);
    }
  });

  it('cuts the Basic and Bearer header forms, in upper or lower case, and percent-encoded in either case', () => {
    const basic = `Basic ${b64(`${USER}:${PASSWORD}`)}`;
    for (const text of [
      `authorization: ${basic}`,
      `AUTHORIZATION: ${basic.toUpperCase()}`,
      encodeURIComponent(basic),
      encodeURIComponent(basic).toLowerCase(),
      `authorization: Bearer ${TOKEN}`,
    ]) {
      const out = redactor.redact(text);
      expect(out).not.toContain(b64(`${USER}:${PASSWORD}`));
      expect(out.toLowerCase()).not.toContain(
        b64(`${USER}:${PASSWORD}`).toLowerCase(),
      );
      expect(out).not.toContain(TOKEN);
    }
  });

  it('learns the credentials inside a configured Basic Authorization header', () => {
    const fromHeader = Redactor.create({
      headers: { Authorization: `Basic ${b64('alice:wonder land')}` },
    });
    expect(fromHeader.redact('user alice, password wonder land')).toBe(
      'user <redacted>, password <redacted>',
    );
  });

  it('adds secrets known later, e.g. the token of one read', () => {
    const more = redactor.with({ tokens: ['per-read-token'] });
    expect(more.redact('per-read-token and tok.en-123')).toBe(
      '<redacted> and <redacted>',
    );
    expect(redactor.redact('per-read-token')).toBe('per-read-token');
  });

  it('cuts URL credentials and unconfigured Bearer/Basic credentials, and leaves other text alone', () => {
    const generic = Redactor.create();
    expect(
      generic.redact('GET https://u:pw@prom:9090/x with Bearer abc.def'),
    ).toBe('GET https://<redacted>@prom:9090/x with Bearer <redacted>');
    expect(generic.redact('query timed out in expression evaluation')).toBe(
      'query timed out in expression evaluation',
    );
  });
});
