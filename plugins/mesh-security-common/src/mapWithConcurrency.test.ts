import { mapWithConcurrency } from './mapWithConcurrency';

const tick = () => new Promise(r => setTimeout(r, 5));

describe('mapWithConcurrency', () => {
  it('keeps the order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapWithConcurrency(
      [5, 1, 4, 2, 3, 6, 7],
      3,
      async n => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise(r => setTimeout(r, n * 2));
        inFlight--;
        return n * 10;
      },
    );
    expect(result).toEqual([50, 10, 40, 20, 30, 60, 70]);
    expect(peak).toBe(3);
  });

  it('starts nothing new after a failure and settles running calls before rejecting', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async n => {
      started.push(n);
      await tick();
      if (n === 0) throw new Error('boom');
      await tick();
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });

  it('handles an empty list', async () => {
    await expect(mapWithConcurrency([], 4, async () => 1)).resolves.toEqual([]);
  });
});
