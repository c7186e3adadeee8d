import { createHash } from 'node:crypto';
import type { Entity } from '@backstage/catalog-model';
import type { StrictMigration } from '@mesh-security/plugin-mesh-security-common';
import type { IndexedSnapshot } from '../snapshot/IndexedSnapshot';
import { workloadEntityLookup } from '../whatIf/workloadEntities';
import { MatchedOverview, matchedOverview } from './meshOverview';
import { strictMigration } from './strictMigration';
import { matchEntities } from './teamScorecard';

/** answers kept per snapshot: callers allowed to read different entities get different ones */
const KEPT_PER_SNAPSHOT = 8;

const bySnapshot = new WeakMap<IndexedSnapshot, Map<string, unknown>>();

/**
 * What `compute` derives from `view` and these entities, computed once per
 * snapshot and entity set. The overview's views parse the workloads of every
 * matched entity (~220 ms for 3,000 entities), and one view of the overview
 * page asks several times, plus once per sort or page. The key is a digest
 * of the entities themselves, so a caller never gets what was derived from
 * entities they may not read; a new snapshot drops the lot with the old one.
 */
function keptPerEntitySet<T>(
  what: string,
  view: IndexedSnapshot,
  entities: Entity[],
  compute: () => T,
): T {
  const key = `${what} ${createHash('sha256')
    .update(JSON.stringify(entities))
    .digest('base64')}`;
  let kept = bySnapshot.get(view);
  if (!kept) {
    kept = new Map();
    bySnapshot.set(view, kept);
  }
  if (kept.has(key)) return kept.get(key) as T;
  const value = compute();
  if (kept.size >= KEPT_PER_SNAPSHOT) {
    // the oldest goes first
    kept.delete(kept.keys().next().value!);
  }
  kept.set(key, value);
  return value;
}

/** The overview's services and team scorecards for the entities a caller may read. */
export function cachedMatchedOverview(
  view: IndexedSnapshot,
  entities: Entity[],
): MatchedOverview {
  return keptPerEntitySet('overview', view, entities, () =>
    matchedOverview(matchEntities(view, entities)),
  );
}

/** The STRICT migration, its workloads named by the entities a caller may read. */
export function cachedStrictMigration(
  view: IndexedSnapshot,
  entities: Entity[],
): StrictMigration {
  return keptPerEntitySet('strict-migration', view, entities, () =>
    strictMigration(view, workloadEntityLookup(matchEntities(view, entities))),
  );
}
