import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { HistoryStore } from './HistoryStore';
import type { Regression } from './regressions';

export const NOTIFICATION_TOPIC = 'mesh-security';

/**
 * One notification per regression to the owners of its entity. The claim is
 * written first and only the replica whose insert won sends, so neither a
 * second replica nor a later refresh repeats it. Returns how many were sent.
 */
export async function notifyRegressions(
  regressions: Regression[],
  deps: {
    store: Pick<HistoryStore, 'claimRegression' | 'releaseRegression'>;
    notifications: NotificationService;
    logger: LoggerService;
    /** ms since the epoch */
    now: number;
  },
): Promise<number> {
  let sent = 0;
  for (const regression of regressions) {
    const won = await deps.store.claimRegression({
      id: regression.id,
      kind: regression.kind,
      entityRef: regression.entityRef,
      at: deps.now,
    });
    if (!won) continue;
    try {
      await deps.notifications.send({
        recipients: { type: 'entity', entityRef: regression.owners },
        payload: {
          title: regression.title,
          description: regression.description,
          link: regression.link,
          severity: regression.severity,
          topic: NOTIFICATION_TOPIC,
          // the notifications backend updates rather than duplicates a scope it already has
          scope: `mesh-security:${regression.id}`,
        },
      });
      sent++;
    } catch (error) {
      await deps.store.releaseRegression(regression.id).catch(() => {});
      deps.logger.warn(
        `Could not notify ${regression.owners.join(', ')} of "${
          regression.title
        }": ${error}`,
      );
    }
  }
  return sent;
}
