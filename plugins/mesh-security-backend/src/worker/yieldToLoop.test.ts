import { createYielder } from './yieldToLoop';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('createYielder', () => {
  it('returns at once while the work is within its budget', async () => {
    const yieldNow = createYielder(1000);
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await yieldNow();
    expect(ran).toBe(false);
  });

  it('after its budget, lets the loop wait for I/O and timers before the next piece', async () => {
    const yieldNow = createYielder(2);
    busy(5);
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 1);
    await yieldNow();
    expect(timerRan).toBe(true);
  });
});
