/** A short, credential-free description of a thrown value for a source status. */
export function describeError(error: unknown): string {
  if (isTimeout(error)) return 'timed out';
  if (error instanceof Error) {
    // undici hides the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`
    const cause = (error as { cause?: { code?: unknown; message?: unknown } })
      .cause;
    if (cause && typeof cause.code === 'string') {
      return `${error.message} (${cause.code})`;
    }
    return error.message;
  }
  return String(error);
}

/** Cuts text from remote servers so a status message stays readable. */
export function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * True for the DOMException of `AbortSignal.timeout`. Checked by name: the
 * DOMException class may come from another realm (e.g. under jest).
 */
export function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
