/** A short, credential-free description of a thrown value for a source status. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return 'timed out';
    }
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
