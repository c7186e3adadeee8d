import type { Labels } from './values';

const own = Object.prototype.hasOwnProperty;

/** `selector` ⊆ `labels` (Kubernetes matchLabels semantics). */
export function matchesLabels(selector: Labels, labels: Labels): boolean {
  for (const key in selector) {
    if (own.call(selector, key) && labels[key] !== selector[key]) return false;
  }
  return true;
}

const SMALL = 16;

/** key → value → entries: label pairs without building a string per pair. */
class PairMap<V> {
  private readonly byKey = new Map<string, Map<string, V[]>>();
  size = 0;

  get(key: string, value: string): V[] | undefined {
    return this.byKey.get(key)?.get(value);
  }

  push(key: string, value: string, entry: V): void {
    let byValue = this.byKey.get(key);
    if (!byValue) this.byKey.set(key, (byValue = new Map()));
    const list = byValue.get(value);
    // Most pairs have a few entries: those lists grow by exact copies (the
    // replaced one is short-lived), as push would leave 17 slots in each.
    if (list && list.length < SMALL) byValue.set(value, list.concat([entry]));
    else if (list) list.push(entry);
    else {
      byValue.set(value, [entry]);
      this.size++;
    }
  }
}

/**
 * Finds the items whose selector matches a label set without testing every
 * selector: each item is filed under one of its `key=value` pairs, so a
 * lookup only tests items sharing at least one pair with the labels.
 * Items with an empty selector match everything.
 */
export class SelectorIndex<T> {
  private readonly byPair = new PairMap<{ selector: Labels; item: T }>();
  private readonly matchAll: T[] = [];
  size = 0;

  add(selector: Labels, item: T): void {
    this.size++;
    const keys = Object.keys(selector);
    if (keys.length === 0) {
      this.matchAll.push(item);
      return;
    }
    this.byPair.push(keys[0], selector[keys[0]], { selector, item });
  }

  /** Matching items, in insertion order within each bucket. */
  match(labels: Labels): T[] {
    const out = this.matchAll.slice();
    if (this.byPair.size === 0) return out;
    for (const key in labels) {
      if (!own.call(labels, key)) continue;
      const bucket = this.byPair.get(key, labels[key]);
      if (!bucket) continue;
      for (const entry of bucket) {
        if (matchesLabels(entry.selector, labels)) out.push(entry.item);
      }
    }
    return out;
  }
}

/**
 * The reverse direction: objects (pods) indexed by their labels, so that a
 * selector (a Service's, a policy's) finds its pods through its rarest pair.
 */
export class LabelIndex<T extends { labels: Labels }> {
  private readonly byPair = new PairMap<T>();
  readonly all: T[] = [];

  add(item: T): void {
    this.all.push(item);
    for (const key of Object.keys(item.labels))
      this.byPair.push(key, item.labels[key], item);
  }

  select(selector: Labels): T[] {
    let smallest: T[] | undefined;
    for (const key of Object.keys(selector)) {
      const bucket = this.byPair.get(key, selector[key]);
      if (!bucket) return [];
      if (!smallest || bucket.length < smallest.length) smallest = bucket;
    }
    if (!smallest) return this.all.slice();
    return smallest.filter(item => matchesLabels(selector, item.labels));
  }
}
