import { useEffect, useState } from 'react';

/**
 * False until `element` (from a callback ref, so a later mount is seen) is
 * within `margin` of the viewport, then true for good. Without IntersectionObserver (jsdom, very old browsers) it is true at
 * once, so nothing waits for an event that cannot come.
 */
export function useNearViewport(
  element: Element | null,
  margin = '200px',
): boolean {
  const [near, setNear] = useState(
    () => typeof IntersectionObserver === 'undefined',
  );
  useEffect(() => {
    if (near || !element) return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(entry => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, margin, near]);
  return near;
}
