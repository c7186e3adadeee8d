import { jsonErrorOffset } from '../manifests/jsonErrorOffset';

/**
 * Where and why `JSON.parse(text)` failed: the line of the position V8 states
 * or, when its message names none (Node 22's "Unexpected token … is not valid
 * JSON"), of the first offset where the text stops being JSON; and the reason without the input V8 quotes for an
 * unexpected token (it can be huge, and a status message or log line is no
 * place for a file's content).
 * @public
 */
export function describeJsonSyntaxError(
  text: string,
  error: unknown,
): { line?: number; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const reason = message
    // `Unexpected token 'x', ..."near the token"... is not valid JSON`
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '');
  const offset = position ? Number(position[1]) : jsonErrorOffset(text);
  return offset >= 0 ? { line: lineAt(text, offset), reason } : { reason };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) line++;
  return line;
}
