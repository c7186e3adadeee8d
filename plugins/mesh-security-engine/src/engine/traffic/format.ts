/** `1234567` → `1,234,567` (en-US grouping without Intl: toLocaleString is slow on hot paths). */
function group(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Rates read like a dashboard: at most two decimals, no trailing zeros. */
export function formatRate(value: number): string {
  const fixed = Number(value.toFixed(2));
  const [integer, fraction] = String(Math.abs(fixed)).split('.');
  const sign = fixed < 0 ? '-' : '';
  return `${sign}${group(integer)}${fraction ? `.${fraction}` : ''}`;
}

export function formatCount(value: number): string {
  const rounded = Math.round(value);
  return `${rounded < 0 ? '-' : ''}${group(String(Math.abs(rounded)))}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
