import { ResponseError } from '@backstage/errors';

/**
 * What the backend said, without the HTTP preamble: for a bad change it is
 * `change.yaml:LINE: reason`, which is what the user needs to fix it.
 */
export function responseMessage(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    const body = (error as ResponseError).body;
    const message = body?.error?.message;
    if (message) return message;
  }
  return error.message;
}
