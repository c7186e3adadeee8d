import type {
  EntityWorkload,
  Finding,
} from '@mesh-security/plugin-mesh-security-common';
import type { MatchedEntity } from '../views/teamScorecard';
import { historyPoints } from './historyPoints';
import { MS_PER_DAY, type HistoryPointRecord } from './types';

const MS_PER_HOUR = 3_600_000;

/**
 * The demo mesh's made-up past: notification-svc ran with mTLS DISABLE until
 * its namespace moved to PERMISSIVE, and legacy-service was added to the
 * catalog later. Both fall within 30 days so the 30-day charts show them.
 */
export const DEMO_PAST = {
  disabledUntilDaysAgo: 20,
  disabledEntity: 'component:default/notification-svc',
  addedDaysAgo: 10,
  addedEntity: 'component:default/legacy-service',
};

/** notification-svc as it was: DISABLE, its traffic plaintext, and the finding that says so. */
function asDisabled(entity: MatchedEntity): MatchedEntity {
  const workloads: EntityWorkload[] = entity.match.workloads.map(w => ({
    ...w,
    mtlsMode: 'DISABLE',
    ...(w.traffic && { traffic: { ...w.traffic, mtlsShare: 0 } }),
  }));
  const disabled = workloads
    .filter(w => w.inMesh)
    .map(w => ({
      cluster: w.cluster,
      finding: {
        rule: 'mtls-disabled',
        severity: 'high',
        subject: `${w.namespace}/${w.name}`,
        reason:
          'PeerAuthentication mode DISABLE: the sidecar accepts only plaintext',
      } satisfies Finding,
    }));
  // what only a PERMISSIVE workload gets does not apply to a DISABLE one
  const kept = entity.match.findings.filter(
    f =>
      f.finding.rule !== 'mtls-permissive' && f.finding.rule !== 'strict-ready',
  );
  return {
    ...entity,
    match: { ...entity.match, workloads, findings: [...disabled, ...kept] },
  };
}

/** The times of the made-up points: one a day before the full-resolution days, then one an hour. */
function pastTimes(now: number, fullResolutionDays: number, days: number) {
  const times: number[] = [];
  for (let d = days - 1; d > fullResolutionDays; d--)
    times.push(now - d * MS_PER_DAY);
  for (let h = fullResolutionDays * 24; h >= 1; h--)
    times.push(now - h * MS_PER_HOUR);
  return times;
}

/**
 * Points for the `days` before `now`, made from the current posture with
 * the demo's past applied: the demo portal's charts have a history to show
 * on its first start. Never configured outside the demo.
 */
export function demoHistory(options: {
  now: number;
  entities: MatchedEntity[];
  fullResolutionDays: number;
  days: number;
}): HistoryPointRecord[] {
  const { now, entities } = options;
  const points: HistoryPointRecord[] = [];
  for (const at of pastTimes(now, options.fullResolutionDays, options.days)) {
    const daysAgo = (now - at) / MS_PER_DAY;
    const then = entities
      .filter(
        e =>
          e.entityRef !== DEMO_PAST.addedEntity ||
          daysAgo < DEMO_PAST.addedDaysAgo,
      )
      .map(e =>
        e.entityRef === DEMO_PAST.disabledEntity &&
        daysAgo >= DEMO_PAST.disabledUntilDaysAgo
          ? asDisabled(e)
          : e,
      );
    points.push(...historyPoints(at, then));
  }
  return points;
}
