/**
 * Kubernetes label selectors in their string form, as the Kubernetes plugin
 * passes the `backstage.io/kubernetes-label-selector` annotation to the API
 * server: `a=b,c!=d,e in (x,y),f notin (z),g,!h`.
 */

/** One requirement of a selector; all requirements must hold. */
export type LabelRequirement =
  | { key: string; operator: 'in'; values: string[] }
  | { key: string; operator: 'notin'; values: string[] }
  | { key: string; operator: 'exists' }
  | { key: string; operator: 'doesnotexist' };

export type LabelSelector = LabelRequirement[];

const KEY =
  /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Thrown for a selector the API server would reject too. */
export class LabelSelectorSyntaxError extends Error {
  constructor(selector: string, why: string) {
    super(`invalid label selector "${selector}": ${why}`);
    this.name = 'LabelSelectorSyntaxError';
  }
}

/** Splits on commas that are not inside a `( … )` value set. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) {
      throw new LabelSelectorSyntaxError(selector, 'unbalanced parentheses');
    }
  }
  if (depth !== 0) {
    throw new LabelSelectorSyntaxError(selector, 'unbalanced parentheses');
  }
  terms.push(selector.slice(start));
  return terms.map(t => t.trim());
}

function checkKey(selector: string, key: string): string {
  if (!KEY.test(key)) {
    throw new LabelSelectorSyntaxError(
      selector,
      `"${key}" is not a valid label key`,
    );
  }
  return key;
}

function checkValue(selector: string, value: string): string {
  if (!VALUE.test(value)) {
    throw new LabelSelectorSyntaxError(
      selector,
      `"${value}" is not a valid label value`,
    );
  }
  return value;
}

function parseTerm(selector: string, term: string): LabelRequirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const values = set[3].split(',').map(v => checkValue(selector, v.trim()));
    return {
      key: checkKey(selector, set[1]),
      operator: set[2] as 'in' | 'notin',
      values,
    };
  }
  const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (equality) {
    const key = checkKey(selector, equality[1]);
    const values = [checkValue(selector, equality[3])];
    return equality[2] === '!='
      ? { key, operator: 'notin', values }
      : { key, operator: 'in', values };
  }
  const negated = /^!\s*(\S+)$/.exec(term);
  if (negated) {
    return { key: checkKey(selector, negated[1]), operator: 'doesnotexist' };
  }
  return { key: checkKey(selector, term), operator: 'exists' };
}

/** Parses a selector string; an empty string selects everything (as in Kubernetes). */
export function parseLabelSelector(selector: string): LabelSelector {
  if (selector.trim() === '') return [];
  return splitTerms(selector).map(term => {
    if (term === '') {
      throw new LabelSelectorSyntaxError(selector, 'empty requirement');
    }
    return parseTerm(selector, term);
  });
}

/** Kubernetes semantics: `!=` and `notin` also match when the key is absent. */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  return selector.every(req => {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    switch (req.operator) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && req.values.includes(labels[req.key]);
      case 'notin':
        return !has || !req.values.includes(labels[req.key]);
      default:
        return false;
    }
  });
}
