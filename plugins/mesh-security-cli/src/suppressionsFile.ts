import {
  parseSuppressionsFile,
  SuppressionError,
  type SuppressionEntry,
} from '@mesh-security/mesh-security-engine';
import { InputError } from './errors';

/**
 * The `--suppressions` file: a YAML list of `{ rule, subject, reason, until? }`.
 * Checked by the engine package's own validator, so the CLI and the backend's
 * `meshSecurity.suppressions` accept exactly the same entries.
 * @throws InputError with `file:line: reason`
 */
export function parseSuppressionsText(
  text: string,
  file: string,
): SuppressionEntry[] {
  try {
    return parseSuppressionsFile(text, file);
  } catch (error) {
    if (error instanceof SuppressionError) throw new InputError(error.message);
    throw error;
  }
}
