import { NotFoundError } from '@backstage/errors';
import type { PostureHistory } from '@mesh-security/plugin-mesh-security-common';
import type { HistoryStore } from './HistoryStore';
import { MAX_POINTS, postureHistory } from './postureHistory';
import { MS_PER_DAY, type HistoryScope } from './types';

/** What the history routes read; absent when `meshSecurity.history.enabled` is false. */
export interface HistoryReader {
  store: Pick<HistoryStore, 'read'>;
  /** ms since the epoch (tests) */
  clock?: () => number;
}

/** The last `days` of a subject's history, in one query. */
export async function readHistory(
  reader: HistoryReader | undefined,
  scope: HistoryScope,
  subjectRef: string,
  days: number,
): Promise<PostureHistory> {
  if (!reader) {
    throw new NotFoundError(
      'Posture history is turned off (meshSecurity.history.enabled is false)',
    );
  }
  const to = Math.floor((reader.clock ?? Date.now)());
  const from = to - days * MS_PER_DAY;
  // the database keeps the last point of each interval; thinPoints only guards
  const records = await reader.store.read(
    scope,
    subjectRef,
    from,
    Math.ceil((to - from) / MAX_POINTS),
  );
  return postureHistory(subjectRef, days, from, to, records);
}
