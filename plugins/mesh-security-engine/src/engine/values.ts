/**
 * Defensive readers for the loosely typed parts of Kubernetes objects
 * (`spec`, `status`, `data`): input comes from dumps and hand-written
 * manifests, so every field may be missing or of the wrong type.
 */

/** Code-unit order of strings, for sorting (stable across locales). */
export function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export type Dict = Record<string, unknown>;
export type Labels = Record<string, string>;

export function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Dict)
    : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Strings of an array, other entries dropped. */
export function asStrings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.every(v => typeof v === 'string')
    ? (value as string[])
    : value.filter((v): v is string => typeof v === 'string');
}

/**
 * A label-like map. YAML turns `version: 1` into a number, which the API
 * server would have rejected; we read scalars as their string form instead of
 * dropping them.
 */
const own = Object.prototype.hasOwnProperty;

export function asLabels(value: unknown): Labels {
  const dict = asDict(value);
  if (!dict) return {};
  // The common case (an API server dump) is already a string map: use it as is.
  let clean = true;
  for (const k in dict) {
    if (own.call(dict, k) && typeof dict[k] !== 'string') {
      clean = false;
      break;
    }
  }
  if (clean) return dict as Labels;
  const out: Labels = {};
  for (const [k, v] of Object.entries(dict)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean')
      out[k] = String(v);
  }
  return out;
}

/**
 * A selector as label pairs. Unlike {@link asLabels}, it never reads loosely:
 * dropping an entry that is not a string (`app: [other]`, `version: 1`) or
 * ignoring a field beside `matchLabels` would select more than was written,
 * on a STRICT or DENY policy the whole namespace. So anything the API server
 * would refuse is reported to `onProblem` (`selector.matchLabels.app is not a
 * string`) and read as undefined: the caller skips the object. Absent or null
 * reads as `{}`.
 * @param form - `map` for a plain label map (a Service's `spec.selector`),
 *   `matchLabels` for an Istio WorkloadSelector (`{matchLabels: {...}}`)
 */
export function readSelector(
  value: unknown,
  form: 'map' | 'matchLabels',
  onProblem: (problem: string) => void,
  path = 'selector',
): Labels | undefined {
  if (value === undefined || value === null) return {};
  const dict = asDict(value);
  if (!dict) {
    onProblem(`${path} is not a mapping`);
    return undefined;
  }
  if (form === 'map') return readLabelMap(dict, path, onProblem);
  for (const key in dict) {
    if (own.call(dict, key) && key !== 'matchLabels') {
      onProblem(`${path}.${key} is not a field of a workload selector`);
      return undefined;
    }
  }
  return readSelector(
    dict.matchLabels,
    'map',
    onProblem,
    `${path}.matchLabels`,
  );
}

function readLabelMap(
  dict: Dict,
  path: string,
  onProblem: (problem: string) => void,
): Labels | undefined {
  for (const key in dict) {
    if (own.call(dict, key) && typeof dict[key] !== 'string') {
      onProblem(`${path}.${key} is not a string`);
      return undefined;
    }
  }
  return dict as Labels;
}

/** Same keys and values (hot path: no allocation). */
export function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (own.call(a, k)) {
      if (a[k] !== b[k]) return false;
      n++;
    }
  }
  for (const k in b) {
    if (own.call(b, k)) n--;
  }
  return n === 0;
}

/** A port number (1..65535) from a number or a numeric string. */
export function asPort(value: unknown): number | undefined {
  let n = NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+$/.test(value)) n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

/** Istio treats a missing creation time as the zero time: the oldest possible. */
export const OLDEST = -8.64e15;

export function creationMs(value: unknown): number {
  if (typeof value !== 'string') return OLDEST;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? OLDEST : ms;
}

export function isEmpty(labels: Labels | null | undefined): boolean {
  if (!labels) return true;
  for (const k in labels) {
    if (own.call(labels, k)) return false;
  }
  return true;
}
