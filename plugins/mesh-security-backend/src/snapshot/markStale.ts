import type { SourceStatus } from '@mesh-security/plugin-mesh-security-common';
import type { IndexedSnapshot } from './IndexedSnapshot';

/**
 * The copy a replica serves while the database cannot be read: the same
 * report, with every source that was read marked stale, so that no reader
 * takes it for the latest refresh. Sources that never succeeded stay `error`.
 */
export function markStale(
  view: IndexedSnapshot,
  since: string,
): IndexedSnapshot {
  const { generatedAt } = view.snapshot;
  const why = `the database cannot be reached since ${since}: this is the snapshot of ${generatedAt}`;
  const sources = view.snapshot.sources.map(
    (source): SourceStatus =>
      source.state === 'error'
        ? source
        : {
            ...source,
            state: 'stale',
            lastSuccessAt: source.lastSuccessAt ?? generatedAt,
            message: source.message ? `${why}; ${source.message}` : why,
          },
  );
  return { ...view, snapshot: { ...view.snapshot, sources } };
}
