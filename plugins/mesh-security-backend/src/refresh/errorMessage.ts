import { describeError } from '../sources/errors';
import { Redactor } from '../sources/redact';

const GENERIC = Redactor.create();

/**
 * A thrown value as a status message, passed through the redactor of the
 * configured secrets (by default only URL credentials and `Bearer`/`Basic`
 * credentials are cut): statuses are served to every reader and logged.
 */
export function errorMessage(error: unknown, redactor = GENERIC): string {
  return redactor.redact(describeError(error));
}
