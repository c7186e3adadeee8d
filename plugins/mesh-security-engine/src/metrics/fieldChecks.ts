/**
 * One field's rule: what the value should be, or undefined when it is fine.
 * A required field's check rejects `undefined`; {@link optional} lets it pass.
 */
export type FieldCheck = (value: unknown) => string | undefined;

/** A check per field of `T`, optional fields included, so a field added to the type fails to compile here. */
export type Shape<T> = { readonly [K in keyof T]-?: FieldCheck };

/** The values of a string union, spelled as a record so that a missing or extra value fails to compile. */
export function valuesOf<T extends string>(values: Record<T, true>): T[] {
  return Object.keys(values) as T[];
}

export const name: FieldCheck = v =>
  typeof v === 'string' && v !== '' ? undefined : 'expected a non-empty string';

export function oneOf(values: readonly string[]): FieldCheck {
  const expected = `expected one of ${values.join(', ')}`;
  return v =>
    typeof v === 'string' && values.includes(v) ? undefined : expected;
}

/** A rate or a count: NaN and Infinity would poison every share computed from it. */
export const amount: FieldCheck = v =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0
    ? undefined
    : 'expected a non-negative number';

/** Latency quantiles are null when the window held no requests (histogram_quantile gives NaN). */
export const latency: FieldCheck = v =>
  v === null || amount(v) === undefined
    ? undefined
    : 'expected a non-negative number or null';

const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const isoTime: FieldCheck = v =>
  typeof v === 'string' && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v))
    ? undefined
    : 'expected an ISO-8601 time such as 2026-01-01T09:00:00Z';

/** A single-unit PromQL range, as the Prometheus source accepts for its windows. */
const WINDOW = /^\d+(ms|s|m|h|d|w|y)$/;

export const window: FieldCheck = v =>
  typeof v === 'string' && WINDOW.test(v)
    ? undefined
    : 'expected a window such as 5m';

export const list: FieldCheck = v =>
  Array.isArray(v) ? undefined : 'expected a list';

export function optional(check: FieldCheck): FieldCheck {
  return v => (v === undefined ? undefined : check(v));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `got …` part of a problem: short, and never the whole of a large value. */
export function preview(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'string')
    return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

/**
 * Checks every field of `shape` and rejects keys it does not name: a typo such
 * as `errorrate` would otherwise drop the value silently.
 */
export function checkFields(
  value: Record<string, unknown>,
  path: string,
  shape: Record<string, FieldCheck>,
  problems: string[],
): void {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const key of Object.keys(shape)) {
    const got = value[key];
    const expected = shape[key](got);
    if (expected === undefined) continue;
    problems.push(
      got === undefined
        ? `${at(key)}: missing (${expected})`
        : `${at(key)}: ${expected}, got ${preview(got)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(shape, key))
      problems.push(`${at(key)}: unknown field`);
  }
}
