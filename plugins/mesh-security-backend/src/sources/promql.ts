/**
 * A small typed PromQL builder. Every label value goes through
 * {@link escapeLabelValue} and every label name and range window is validated,
 * so configuration can never change the shape of a query.
 */

/** A PromQL expression produced by this builder (a plain string at run time). */
export type PromQL = string & { readonly __promql: unique symbol };

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;

/** Escapes a label value for a double-quoted PromQL string (backslash, double quote, newline, carriage return). */
export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** Throws unless `name` is a valid Prometheus label name. */
export function assertLabelName(name: string): string {
  if (!LABEL_NAME.test(name)) {
    throw new Error(`Invalid Prometheus label name '${name}'`);
  }
  return name;
}

/** Throws unless `window` is a single-unit PromQL duration such as `5m` or `24h`. */
export function assertWindow(window: string): string {
  if (!DURATION.test(window)) {
    throw new Error(
      `Invalid Prometheus range window '${window}': expected a number and a unit (ms, s, m, h, d, w, y), e.g. 5m`,
    );
  }
  return window;
}

/** One label matcher of a selector. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** `label="value"`, with the value escaped. */
export function eq(label: string, value: string): LabelMatcher {
  return { label, op: '=', value };
}

/** `label=~"regex"`, with the regex escaped as a string (it is still a regex). */
export function matches(label: string, regex: string): LabelMatcher {
  return { label, op: '=~', value: regex };
}

function renderMatcher(m: LabelMatcher): string {
  return `${assertLabelName(m.label)}${m.op}"${escapeLabelValue(m.value)}"`;
}

/** `metric{matchers}` */
export function selector(metric: string, matchers: LabelMatcher[]): PromQL {
  if (!METRIC_NAME.test(metric)) {
    throw new Error(`Invalid Prometheus metric name '${metric}'`);
  }
  return `${metric}{${matchers.map(renderMatcher).join(',')}}` as PromQL;
}

/** `rate(selector[window])` */
export function rate(series: PromQL, window: string): PromQL {
  return `rate(${series}[${assertWindow(window)}])` as PromQL;
}

/** `increase(selector[window])` */
export function increase(series: PromQL, window: string): PromQL {
  return `increase(${series}[${assertWindow(window)}])` as PromQL;
}

/** `sum by (labels) (expr)` */
export function sumBy(labels: readonly string[], expr: PromQL): PromQL {
  return `sum by (${labels
    .map(assertLabelName)
    .join(',')}) (${expr})` as PromQL;
}

/** `histogram_quantile(q, expr)` */
export function histogramQuantile(quantile: number, expr: PromQL): PromQL {
  if (!(quantile >= 0 && quantile <= 1)) {
    throw new Error(`Invalid quantile ${quantile}`);
  }
  return `histogram_quantile(${quantile}, ${expr})` as PromQL;
}

/** Adds a constant label to every series of `expr` (label_replace with an empty source). */
export function withConstantLabel(
  expr: PromQL,
  label: string,
  value: string,
): PromQL {
  return `label_replace(${expr}, "${assertLabelName(
    label,
  )}", "${escapeLabelValue(value)}", "", "")` as PromQL;
}

/** `(a) or (b) or …` */
export function or(...exprs: PromQL[]): PromQL {
  return exprs.map(e => `(${e})`).join(' or ') as PromQL;
}

/** `expr > 0`: keeps only series with a positive value. */
export function positive(expr: PromQL): PromQL {
  return `${expr} > 0` as PromQL;
}
