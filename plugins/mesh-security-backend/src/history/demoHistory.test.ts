import {
  component,
  finding,
  report,
  snapshot,
  workload,
} from '../__testUtils__/fixtures';
import { indexSnapshot } from '../snapshot/IndexedSnapshot';
import { matchEntities } from '../views/teamScorecard';
import { DEMO_PAST, demoHistory } from './demoHistory';
import { MS_PER_DAY } from './types';

const NOW = Date.UTC(2026, 2, 10, 12);

const view = indexSnapshot(
  'r1',
  snapshot({
    demo: report(
      [
        workload('payments/payment-service'),
        workload('comms/notification-svc', { mtlsMode: 'PERMISSIVE' }),
        workload('legacy/legacy-service', { inMesh: false, mtlsMode: 'NONE' }),
      ],
      [finding('plaintext-traffic-observed', 'high', 'legacy/legacy-service')],
    ),
  }),
);
const entities = matchEntities(view, [
  component('payment-service'),
  component('legacy-service'),
  component('notification-svc', undefined, 'group:default/comms-team'),
]);

describe('demoHistory', () => {
  const points = demoHistory({
    now: NOW,
    entities,
    fullResolutionDays: 7,
    days: 90,
  });
  const series = (scope: string, subject: string) =>
    points.filter(p => p.scope === scope && p.subject === subject);

  it('makes up a point an hour for the full-resolution days and one a day before, all in the past', () => {
    const payment = series('entity', 'component:default/payment-service');
    expect(payment).toHaveLength(7 * 24 + (89 - 7));
    expect(payment.every(p => p.at < NOW && p.at > NOW - 90 * MS_PER_DAY)).toBe(
      true,
    );
    const ats = payment.map(p => p.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
  });

  it('has notification-svc DISABLE, with its finding, until its namespace went PERMISSIVE', () => {
    const notification = series('entity', 'component:default/notification-svc');
    const cut = NOW - DEMO_PAST.disabledUntilDaysAgo * MS_PER_DAY;
    const old = notification.filter(p => p.at <= cut);
    const recent = notification.filter(p => p.at > cut);
    expect(old.length).toBeGreaterThan(0);
    expect(recent.length).toBeGreaterThan(0);
    expect(old.every(p => p.mtlsMode === 'DISABLE')).toBe(true);
    expect(old.every(p => p.findingsBySeverity.high === 1)).toBe(true);
    expect(recent.every(p => p.mtlsMode === 'PERMISSIVE')).toBe(true);
    expect(recent.every(p => p.findingsBySeverity.high === 0)).toBe(true);
    // the team's grade follows
    const team = series('team', 'group:default/comms-team');
    expect(team[0].score!).toBeLessThan(team[team.length - 1].score!);
  });

  it('has no legacy-service before it was added, and commerce-team fully STRICT then', () => {
    const added = NOW - DEMO_PAST.addedDaysAgo * MS_PER_DAY;
    const legacy = series('entity', 'component:default/legacy-service');
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy.every(p => p.at > added)).toBe(true);
    const commerce = series('team', 'group:default/commerce-team');
    const before = commerce.filter(p => p.at <= added);
    const after = commerce.filter(p => p.at > added);
    expect(before.every(p => p.strict === 1 && p.workloads === 1)).toBe(true);
    expect(after.every(p => p.strict === 1 && p.workloads === 2)).toBe(true);
  });
});
