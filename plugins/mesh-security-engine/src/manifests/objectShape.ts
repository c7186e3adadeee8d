import { isPlainObject } from './document';
import type { ObjectIssue } from './istioEnums';
import { checkLabelMap } from './selectorShape';

/**
 * The fields every consumer relies on: kind, metadata.name, labels valid as
 * the API server has them and string-valued annotations (an unquoted
 * `inject: false` is a boolean, which the API server rejects too). Null
 * labels/annotations are dropped, as kubectl does.
 */
export function checkObjectShape(
  object: Record<string, unknown>,
): ObjectIssue | undefined {
  if (object.kind === undefined || object.kind === null) {
    return { path: [], reason: 'object has no kind' };
  }
  if (typeof object.kind !== 'string' || object.kind === '') {
    return { path: ['kind'], reason: 'kind must be a non-empty string' };
  }
  const metadata = object.metadata;
  if (metadata === undefined || metadata === null) {
    return { path: [], reason: `${object.kind} has no metadata.name` };
  }
  if (!isPlainObject(metadata)) {
    return { path: ['metadata'], reason: 'metadata must be a mapping' };
  }
  if (metadata.name === undefined || metadata.name === null) {
    return {
      path: ['metadata'],
      reason: `${object.kind} has no metadata.name`,
    };
  }
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    return {
      path: ['metadata', 'name'],
      reason: 'metadata.name must be a non-empty string',
    };
  }
  if (
    metadata.namespace !== undefined &&
    metadata.namespace !== null &&
    typeof metadata.namespace !== 'string'
  ) {
    return {
      path: ['metadata', 'namespace'],
      reason: 'metadata.namespace must be a string',
    };
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = metadata[field];
    if (map === null) {
      delete metadata[field];
      continue;
    }
    if (map === undefined) continue;
    if (!isPlainObject(map)) {
      return {
        path: ['metadata', field],
        reason: `metadata.${field} must be a mapping`,
      };
    }
    if (field === 'labels') {
      const issue = checkLabelMap(map, ['metadata', 'labels']);
      if (issue) return issue;
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== 'string') {
        return {
          path: ['metadata', field, key],
          reason: `metadata.${field}["${key}"] must be a string, found ${JSON.stringify(
            value,
          )} (quote it)`,
        };
      }
    }
  }
  const owners = metadata.ownerReferences;
  if (owners !== undefined && owners !== null && !Array.isArray(owners)) {
    return {
      path: ['metadata', 'ownerReferences'],
      reason: 'metadata.ownerReferences must be a list',
    };
  }
  return undefined;
}
