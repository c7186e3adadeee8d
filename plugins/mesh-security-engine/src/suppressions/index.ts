export { applySuppressions } from './applySuppressions';
export type { SuppressionInput } from './applySuppressions';
export { suppressionAnnotationProblems } from './annotations';
export { parseSuppressions } from './parseSuppressions';
export { parseSuppressionsFile } from './parseSuppressionsFile';
export { SuppressionError } from './SuppressionError';
export { SUPPRESS_ANNOTATION, SUPPRESS_REASON_ANNOTATION } from './types';
export type { SuppressionEntry } from './types';
