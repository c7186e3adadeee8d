/** Bounds that keep hostile or accidental input from exhausting memory or the stack. */

/** Largest accepted manifest file, in bytes. @public */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/** Deepest accepted nesting of maps and lists (the document itself is level 1). @public */
export const MAX_MANIFEST_DEPTH = 64;

/** yaml's budget for alias expansion; a billion-laughs document exceeds it at once. */
export const MAX_ALIAS_COUNT = 100;
