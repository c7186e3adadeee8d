/**
 * The one place that knows every configured secret and cuts it out of text
 * that came from elsewhere: error bodies, Prometheus warnings, thrown
 * messages. A server that echoes the request headers back would otherwise put
 * the credentials into source statuses (served to every reader) and the log.
 */

const REDACTED = '<redacted>';

/** Credentials in a URL (`https://user:pass@host`) and authorization schemes followed by their credential. */
const GENERIC_PATTERNS: Array<[RegExp, string]> = [
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, `//${REDACTED}@`],
  [/\b(bearer|basic)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]+/gi, `$1$2${REDACTED}`],
];

/** What configuration may hold that must never be shown. */
export interface ConfiguredSecrets {
  basicAuth?: { username: string; password: string };
  /** header name → value; every value is a secret, and the credential of an `Authorization` value too */
  headers?: Record<string, string>;
  /** e.g. a bearer token */
  tokens?: string[];
}

const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const base64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unpadded = (s: string) => s.replace(/=+$/, '');

function jsonEscaped(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function htmlEscaped(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The secret values themselves, with what an `Authorization` value carries inside it. */
function secretValues(secrets: ConfiguredSecrets): string[] {
  const values: string[] = [...(secrets.tokens ?? [])];
  if (secrets.basicAuth) {
    const { username, password } = secrets.basicAuth;
    values.push(username, password, `${username}:${password}`);
  }
  for (const value of Object.values(secrets.headers ?? {})) {
    values.push(value);
    const scheme = /^\s*(\w+)\s+(\S+)\s*$/.exec(value);
    if (!scheme) continue;
    values.push(scheme[2]);
    if (scheme[1].toLowerCase() === 'basic') {
      const decoded = Buffer.from(scheme[2], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        values.push(decoded, decoded.slice(0, colon), decoded.slice(colon + 1));
      }
    }
  }
  return values.filter(v => v.trim().length > 0);
}

/** Every spelling a secret may come back in. */
function encodings(secret: string): string[] {
  const raw = [secret, base64(secret), unpadded(base64(secret))];
  raw.push(unpadded(base64url(secret)));
  const out = new Set<string>();
  for (const s of raw) {
    out.add(s);
    out.add(encodeURIComponent(s));
    out.add(new URLSearchParams({ s }).toString().slice(2));
    out.add(jsonEscaped(s));
    out.add(jsonEscaped(jsonEscaped(s)));
    out.add(htmlEscaped(s));
  }
  return [...out].filter(s => s.length > 0);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Cuts configured secrets, in any of the encodings a server may echo them in
 * (plain, base64 of `user:password`, `Basic …`/`Bearer …`, URL- and form-
 * encoded, JSON- and HTML-escaped), plus URL credentials and any
 * `Bearer`/`Basic` credential, out of a text. Matching ignores case: a
 * percent-encoding may come back in either case, and cutting too much is the
 * safe side.
 */
export class Redactor {
  private readonly pattern?: RegExp;

  static create(secrets: ConfiguredSecrets = {}): Redactor {
    return new Redactor(secretValues(secrets));
  }

  private constructor(private readonly values: string[]) {
    const variants = [...new Set(values.flatMap(encodings))]
      // longest first, so `user:password` is cut whole before `user`
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    if (variants.length > 0) {
      this.pattern = new RegExp(variants.join('|'), 'gi');
    }
  }

  /** A redactor that also knows `more` (e.g. a token obtained for one read). */
  with(more: ConfiguredSecrets): Redactor {
    return new Redactor([...this.values, ...secretValues(more)]);
  }

  /** What this redactor knows, as plain data (handed to the refresh worker, which redacts too). */
  secrets(): ConfiguredSecrets {
    return { tokens: [...this.values] };
  }

  redact(text: string): string {
    let out = this.pattern ? text.replace(this.pattern, REDACTED) : text;
    for (const [pattern, replacement] of GENERIC_PATTERNS) {
      out = out.replace(pattern, replacement);
    }
    return out;
  }
}
