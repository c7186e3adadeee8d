/**
 * `until` of a suppression: a date (`2026-12-31`, through the end of that day
 * in UTC) or a timestamp with its zone (`2026-12-31T18:00:00Z`, `…+02:00`).
 * A timestamp without a zone would depend on the machine's time zone, so it
 * is refused.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const DAY_MS = 86_400_000;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * The first instant (epoch ms) at which the suppression no longer applies, or
 * why `until` is unusable.
 */
export function readUntil(
  text: string,
): { endsAt: number } | { problem: string } {
  const expected =
    'a date (YYYY-MM-DD) or a timestamp with a time zone (2026-12-31T18:00:00Z)';
  const date = DATE.exec(text);
  if (date) {
    const [, y, m, d] = date.map(Number);
    if (!isCalendarDate(y, m, d))
      return { problem: `until "${text}" is not a real date` };
    return { endsAt: Date.UTC(y, m - 1, d) + DAY_MS };
  }
  const stamp = TIMESTAMP.exec(text);
  if (!stamp) return { problem: `until "${text}" is not ${expected}` };
  const [, y, m, d, hh, mm, ss = '0'] = stamp;
  const ms = Date.parse(text);
  if (
    !isCalendarDate(+y, +m, +d) ||
    +hh > 23 ||
    +mm > 59 ||
    +ss > 59 ||
    Number.isNaN(ms)
  )
    return { problem: `until "${text}" is not a real date and time` };
  // through the stated instant itself
  return { endsAt: ms + 1 };
}
