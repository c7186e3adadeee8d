import { ManifestError } from '../manifests/ManifestError';
import { parseYamlDocuments } from '../manifests/yamlDocuments';
import { parseSuppressions } from './parseSuppressions';
import { SuppressionError } from './SuppressionError';
import type { SuppressionEntry } from './types';

/**
 * A suppressions file: one YAML (or JSON) document holding a list of entries.
 * Errors carry the file and the line of the entry's field at fault. An empty
 * file is an empty list.
 * @throws SuppressionError with `file:line: reason`
 * @public
 */
export function parseSuppressionsFile(
  text: string,
  file: string,
): SuppressionEntry[] {
  let documents: ReturnType<typeof parseYamlDocuments>;
  try {
    documents = parseYamlDocuments(text, file);
  } catch (error) {
    if (error instanceof ManifestError)
      throw new SuppressionError(file, error.reason, { line: error.line });
    throw error;
  }
  const filled = documents.filter(
    d => d.value !== null && d.value !== undefined,
  );
  if (filled.length > 1)
    throw new SuppressionError(
      file,
      'holds more than one YAML document; put every entry in one list',
      { line: filled[1].line },
    );
  const document = filled[0];
  if (!document) return [];
  try {
    return parseSuppressions(document.value, file);
  } catch (error) {
    if (!(error instanceof SuppressionError)) throw error;
    const { index, field } = error;
    const line =
      (index !== undefined && field !== undefined
        ? document.lineOf([index, field])
        : undefined) ??
      (index !== undefined ? document.lineOf([index]) : undefined) ??
      document.line;
    throw new SuppressionError(file, error.reason, { index, field, line });
  }
}
