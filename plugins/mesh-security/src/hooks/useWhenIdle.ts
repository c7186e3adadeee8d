import { startTransition, useEffect, useState } from 'react';

/** Safari has no requestIdleCallback; jsdom neither. */
type MaybeIdleCallbacks = Partial<
  Pick<Window, 'requestIdleCallback' | 'cancelIdleCallback'>
>;

/**
 * False on the first render; true once the browser has painted and then has
 * been idle (at the latest after `timeoutMs`), counted from the first render
 * with `enabled` (default true). The switch is a transition, so
 * what it mounts renders in interruptible slices: a click or key press that
 * comes first is handled first.
 *
 * Without requestIdleCallback (Safari, jsdom) it waits for the next frame and
 * a task after it.
 */
export function useWhenIdle(timeoutMs = 2000, enabled = true): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (idle || !enabled) return undefined;
    const w: MaybeIdleCallbacks &
      Pick<Window, 'requestAnimationFrame' | 'cancelAnimationFrame'> = window;
    let cancelled = false;
    const done = () => {
      if (!cancelled) startTransition(() => setIdle(true));
    };
    if (typeof w.requestIdleCallback === 'function') {
      const handle = w.requestIdleCallback(done, { timeout: timeoutMs });
      return () => {
        cancelled = true;
        w.cancelIdleCallback?.(handle);
      };
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const afterFrame = () => {
      timer = setTimeout(done, 0);
    };
    const frame =
      typeof w.requestAnimationFrame === 'function'
        ? w.requestAnimationFrame(afterFrame)
        : undefined;
    if (frame === undefined) afterFrame();
    return () => {
      cancelled = true;
      if (frame !== undefined) w.cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [idle, timeoutMs, enabled]);
  return idle;
}
