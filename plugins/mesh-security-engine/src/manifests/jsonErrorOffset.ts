const SCALAR =
  /(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?![A-Za-z0-9_.+-])/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Offset of the first character where `text` stops being JSON, for texts
 * `JSON.parse` rejected without saying where (V8 names a position for some
 * errors only). Linear and iterative: any nesting depth is fine.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const stack: number[] = []; // 1: object, 2: array
  let i = skipBlank(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  let expect: 'value' | 'key' | 'after' = 'value';
  while (i < n) {
    const c = text[i];
    if (expect === 'key') {
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return ~end;
      i = skipBlank(text, end);
      if (text[i] !== ':') return i;
      i = skipBlank(text, i + 1);
      expect = 'value';
      continue;
    }
    if (expect === 'value') {
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? 1 : 2);
        i = skipBlank(text, i + 1);
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) {
          stack.pop();
          i = skipBlank(text, i + 1);
          expect = 'after';
        } else expect = c === '{' ? 'key' : 'value';
        continue;
      }
      let end: number;
      if (c === '"') end = stringEnd(text, i);
      else {
        SCALAR.lastIndex = i;
        end = SCALAR.test(text) ? SCALAR.lastIndex : ~i;
      }
      if (end < 0) return ~end;
      i = skipBlank(text, end);
      expect = 'after';
      continue;
    }
    // after a value
    const open = stack[stack.length - 1];
    if (open === undefined) return i; // text after the document
    if (c === ',') {
      i = skipBlank(text, i + 1);
      expect = open === 1 ? 'key' : 'value';
    } else if ((c === '}' && open === 1) || (c === ']' && open === 2)) {
      stack.pop();
      i = skipBlank(text, i + 1);
    } else return i;
  }
  // the end of the text: fine only after a complete document
  return expect === 'after' && stack.length === 0 ? -1 : n;
}

/** Offset past the string at `from`, or `~offset` of what breaks it. */
function stringEnd(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return ~i;
    if (c === 92) {
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) return ~i;
      i = ESCAPE.lastIndex;
    } else i++;
  }
  return ~i;
}

function skipBlank(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
    i++;
  }
}
