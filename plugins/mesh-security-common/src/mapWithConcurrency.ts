/**
 * Maps `items` with at most `limit` calls of `fn` in flight; results keep the
 * input order. After the first rejection no new call starts, and the calls in
 * flight are awaited before it is rethrown: a failed cluster read neither keeps
 * hitting the API nor leaves requests running behind the caller's back.
 * @public
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
  if (failure) throw failure.error;
  return results;
}
