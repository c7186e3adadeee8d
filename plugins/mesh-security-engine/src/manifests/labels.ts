/**
 * Label keys and values as the Kubernetes API server validates them
 * (`IsQualifiedName`, `IsValidLabelValue`). A selector the server would refuse
 * never reaches a cluster, so reading it as anything would invent a policy.
 */

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME = 63;
const MAX_PREFIX = 253;

/** Why `key` is not a valid label key, or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    if (prefix === '') return 'has an empty prefix before "/"';
    if (prefix.length > MAX_PREFIX || !DNS_SUBDOMAIN.test(prefix))
      return 'has a prefix that is not a DNS subdomain (lowercase, at most 253 characters)';
  }
  if (name === '') return 'has an empty name';
  if (name.length > MAX_NAME) return `has a name longer than ${MAX_NAME}`;
  if (!NAME.test(name))
    return 'has a name that is not alphanumeric with "-", "_" or "." inside';
  return undefined;
}

/** Why `value` is not a valid label value, or undefined (the empty value is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > MAX_NAME) return `is longer than ${MAX_NAME}`;
  if (!NAME.test(value))
    return 'is not alphanumeric with "-", "_" or "." inside';
  return undefined;
}
