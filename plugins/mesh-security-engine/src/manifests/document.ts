/** A path into a parsed document, e.g. `['items', 3, 'spec', 'mtls', 'mode']`. */
export type ValuePath = ReadonlyArray<string | number>;

/** One parsed YAML/JSON document and a way back from a value to its source line. */
export interface SourceDocument {
  value: unknown;
  /** 1-based line where the document starts */
  line: number;
  /** 1-based line of the value at `path`, or undefined when it cannot be located */
  lineOf(path: ValuePath): number | undefined;
  /** the nesting depth was checked while reading (JSON) */
  depthChecked?: boolean;
}

/** `spec.portLevelMtls.8080.mode`, `items[2].kind` */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 1-based line of a character offset. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
