/** Rates read like a dashboard: at most two decimals, no trailing zeros. */
export function formatRate(value: number): string {
  return Number(value.toFixed(2)).toLocaleString('en-US', {
    maximumFractionDigits: 2,
  });
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
