/** 0..1 → "97.6 %"; null (nothing to measure) → the given fallback. */
export function formatShare(share: number | null, fallback = 'n/a'): string {
  if (share === null || !Number.isFinite(share)) return fallback;
  // Never round a partial share up to a reassuring "100 %".
  const tenths = share < 1 ? Math.min(Math.round(share * 1000), 999) : 1000;
  return `${tenths / 10} %`;
}

/** requests/s with a thousands separator; null → fallback. */
export function formatRps(rps: number | null, fallback = 'n/a'): string {
  if (rps === null || !Number.isFinite(rps)) return fallback;
  const rounded = rps >= 100 ? Math.round(rps) : Math.round(rps * 10) / 10;
  return `${rounded.toLocaleString('en-US')} rps`;
}
