/** Bounds that keep hostile or accidental input from exhausting memory or the stack. */

/**
 * Largest manifest text {@link parseManifests} accepts unless told otherwise,
 * in bytes. Callers reading real cluster dumps pass a larger limit.
 * @public
 */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/** Deepest accepted nesting of maps and lists (the document itself is level 1). @public */
export const MAX_MANIFEST_DEPTH = 64;

/** yaml's budget for alias expansion; a billion-laughs document exceeds it at once. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Total alias expansion, as Go's yaml.v3 bounds it: a document may grow to
 * ALIAS_RATIO_FLOOR nodes through aliases freely; beyond that the share of
 * nodes that are alias copies must stay under a ratio that falls from 99% at
 * ALIAS_RATIO_FLOOR nodes to 10% at ALIAS_RATIO_CEILING nodes and above.
 * Alias copies are thus bounded by a small multiple of the nodes written out,
 * i.e. of the input size.
 */
export const ALIAS_RATIO_FLOOR = 400_000;
export const ALIAS_RATIO_CEILING = 4_000_000;

/** Largest text that is read as YAML after failing as JSON (YAML costs far more per byte). */
export const MAX_YAML_FALLBACK_BYTES = MAX_MANIFEST_BYTES;
