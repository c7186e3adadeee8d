import { point } from './__testUtils__/historyFixtures';
import { MAX_POINTS, postureHistory, thinPoints } from './postureHistory';
import { MS_PER_DAY } from './types';

const NOW = Date.UTC(2026, 2, 10, 12);
const FIVE_MINUTES = 300_000;

describe('thinPoints', () => {
  it('leaves a short series alone', () => {
    const points = [{ at: 1 }, { at: 2 }, { at: 3 }];
    expect(thinPoints(points, 0, 10)).toBe(points);
  });

  it('keeps at most the limit, the last point of each interval, and always the latest', () => {
    // 7 days of a refresh every 5 minutes: 2016 points
    const from = NOW - 7 * MS_PER_DAY;
    const points = Array.from({ length: 2016 }, (_, i) => ({
      at: from + (i + 1) * FIVE_MINUTES,
    }));
    const thinned = thinPoints(points, from, NOW);
    expect(thinned.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(thinned.length).toBeGreaterThan(MAX_POINTS * 0.9);
    expect(thinned[thinned.length - 1]).toBe(points[points.length - 1]);
    const width = Math.ceil((NOW - from) / MAX_POINTS);
    const bucketOf = (at: number) =>
      Math.min(MAX_POINTS - 1, Math.floor((at - from) / width));
    const buckets = thinned.map(p => bucketOf(p.at));
    expect(new Set(buckets).size).toBe(thinned.length);
    // each kept point is the last one of its interval
    for (const kept of thinned) {
      const later = points.find(
        p => p.at > kept.at && bucketOf(p.at) === bucketOf(kept.at),
      );
      expect(later).toBeUndefined();
    }
  });
});

describe('postureHistory', () => {
  it('answers ISO times, and STRICT coverage as a share of the workloads', () => {
    const from = NOW - MS_PER_DAY;
    const answer = postureHistory('Component:default/a', 1, from, NOW, [
      point('component:default/a', NOW - 3_600_000, { strict: 1 }),
      point('component:default/a', NOW, { workloads: 0, strict: 0, meshed: 0 }),
    ]);
    expect(answer).toEqual({
      subjectRef: 'Component:default/a',
      days: 1,
      from: new Date(from).toISOString(),
      points: [
        expect.objectContaining({
          at: new Date(NOW - 3_600_000).toISOString(),
          strictShare: 0.5,
          strict: 1,
          workloads: 2,
          grade: 'A',
        }),
        expect.objectContaining({
          at: new Date(NOW).toISOString(),
          strictShare: null,
        }),
      ],
    });
    expect(Object.keys(answer.points[0]).sort()).toEqual([
      'at',
      'findingsBySeverity',
      'grade',
      'meshed',
      'mtlsMode',
      'mtlsTrafficShare',
      'partial',
      'rps',
      'score',
      'strict',
      'strictShare',
      'workloads',
    ]);
  });
});
