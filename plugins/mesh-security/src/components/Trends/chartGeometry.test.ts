import { countMax, lastMeasured, linePath, xOf, yOf } from './chartGeometry';

const frame = { from: 0, to: 100, min: 0, max: 1, width: 200, height: 50 };

describe('chart geometry', () => {
  it('maps time left to right and values bottom to top, clamped to the frame', () => {
    expect(xOf(frame, 0)).toBe(0);
    expect(xOf(frame, 50)).toBe(100);
    expect(xOf(frame, 150)).toBe(200);
    expect(yOf(frame, 0)).toBe(50);
    expect(yOf(frame, 1)).toBe(0);
    expect(yOf(frame, 2)).toBe(0);
    expect(yOf({ ...frame, inset: 5 }, 0)).toBe(45);
  });

  it('breaks the line where nothing was measured, and still shows a lone point', () => {
    expect(
      linePath(
        [
          { at: 0, value: 0 },
          { at: 50, value: 1 },
          { at: 60, value: null },
          { at: 100, value: 0.5 },
        ],
        frame,
      ),
    ).toBe('M0,50L100,0M200,25L201,25');
    expect(linePath([{ at: 0, value: null }], frame)).toBe('');
  });

  it('finds the last measured point and a count axis of at least 1', () => {
    const points = [
      { at: 1, value: 3 },
      { at: 2, value: null },
    ];
    expect(lastMeasured(points)).toEqual({ at: 1, value: 3 });
    expect(lastMeasured([{ at: 1, value: null }])).toBeUndefined();
    expect(countMax(points)).toBe(3);
    expect(countMax([{ at: 1, value: 0 }])).toBe(1);
  });
});
