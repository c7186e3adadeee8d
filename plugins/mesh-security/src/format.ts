/** Number and time formatting shared by every view; unknown values read "—". */

export const UNKNOWN = '—';

/** 0..1 → "98.3%" (one decimal below 100, none at 0 and 100). */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) {
    return UNKNOWN;
  }
  const percent = Math.round(share * 1000) / 10;
  return `${percent}%`;
}

/** Requests (or connections) per second: "2,000 rps", "0.5 rps". */
export function formatRate(
  rate: number | null | undefined,
  unit = 'rps',
): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return UNKNOWN;
  }
  const digits = rate < 10 ? 1 : 0;
  return `${rate.toLocaleString('en-US', {
    maximumFractionDigits: digits,
  })} ${unit}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return UNKNOWN;
  return `${ms.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`;
}

/** "just now", "3 min ago", "2 h ago", "4 days ago"; "in the future" for clock skew. */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'at an unknown time';
  const seconds = Math.round((now - then) / 1000);
  if (seconds < -60) return 'in the future (clock skew?)';
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
