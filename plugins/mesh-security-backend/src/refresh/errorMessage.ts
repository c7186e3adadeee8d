import { describeError } from '../sources/errors';

/**
 * A thrown value as a status message. Credentials that might ride in a URL
 * (`https://user:pass@host`) or a header echoed back are cut out: statuses
 * are served to every reader and written to the log.
 */
export function errorMessage(error: unknown): string {
  return describeError(error)
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//<redacted>@')
    .replace(/(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>');
}
