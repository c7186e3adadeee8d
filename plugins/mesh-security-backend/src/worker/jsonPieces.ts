/**
 * `JSON.stringify(value)` as a sequence of pieces whose concatenation is the
 * same text: arrays and plain objects down to `depth` are walked, anything
 * deeper is one piece of its own. The refresh worker writes each piece into
 * shared buffers as it comes (see packedTexts), so a 95 MB text is never one
 * string in its heap.
 */

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What `JSON.stringify` leaves out of an object (and writes as `null` in an array). */
function isOmitted(value: unknown): boolean {
  return (
    value === undefined ||
    typeof value === 'function' ||
    typeof value === 'symbol'
  );
}

/** levels walked by default: a list's objects (`{objects: [...]}`, `{name: {objects: [...]}}`) are pieces */
const DEPTH = 3;

export function* jsonPieces(value: unknown, depth = DEPTH): Generator<string> {
  // anything with its own toJSON (dates) or no structure to walk: as JSON.stringify writes it
  if (
    depth <= 0 ||
    value === null ||
    typeof value !== 'object' ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
    !(Array.isArray(value) || isPlainObject(value))
  ) {
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new TypeError(`${typeof value} has no JSON text of its own`);
    }
    yield text;
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item = value[i];
      if (isOmitted(item)) yield 'null';
      else yield* jsonPieces(item, depth - 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (isOmitted(item)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(item, depth - 1);
  }
  yield '}';
}
