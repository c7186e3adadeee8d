/** How many problems a one-line message names; the rest are counted. */
const SHOWN = 3;

/**
 * Metrics that are not a valid `MeshMetrics` document, thrown by
 * {@link parseMeshMetrics}. `problems` holds every problem as `path: what`
 * (e.g. `flows[2].rate: expected a non-negative number, got "12"`); `reason`
 * the first few on one line, for an adapter to prefix with its file or source.
 * @public
 */
export class MeshMetricsError extends Error {
  readonly problems: readonly string[];
  readonly reason: string;

  constructor(problems: readonly string[]) {
    const more = problems.length - SHOWN;
    const reason =
      problems.slice(0, SHOWN).join('; ') +
      (more > 0 ? ` (and ${more} more)` : '');
    super(`Invalid mesh metrics: ${reason}`);
    this.name = 'MeshMetricsError';
    this.problems = problems;
    this.reason = reason;
  }
}
