/**
 * Where and why `JSON.parse(text)` failed, from V8's message: the line of the
 * position V8 states, and the reason without the input V8 quotes for an
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
  return position
    ? { line: lineAt(text, Number(position[1])), reason }
    : { reason };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) line++;
  return line;
}
