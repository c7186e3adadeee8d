import { isAlias, isMap, isNode, isSeq } from 'yaml';
import type { Alias, Document } from 'yaml';
import { ALIAS_RATIO_CEILING, ALIAS_RATIO_FLOOR } from './limits';

/**
 * How far aliases expand a document, measured on its syntax tree before it is
 * turned into values. yaml's own `maxAliasCount` bounds how often an anchor
 * is used weighted by the aliases inside it, not how big it is: 99 aliases of
 * a 400,000-item list pass it and make 40 million items downstream. Here every
 * anchored node's expanded size is computed once (memoized), so the whole
 * measure is linear in the document, whatever the aliases multiply to.
 */
export interface AliasExpansion {
  /** nodes of the document with every alias expanded (saturates at {@link SATURATED}) */
  nodes: number;
  /** of which copies made by aliases */
  copies: number;
  /** the alias that copies the most nodes */
  largest?: Alias;
}

export const SATURATED = 1e15;

export function measureAliasExpansion(doc: Document): AliasExpansion {
  const anchors = new Map<string, unknown>();
  const sizes = new Map<unknown, number>();
  const result: AliasExpansion = { nodes: 0, copies: 0 };
  let largestSize = 0;

  const measure = (node: unknown): number => {
    if (!isNode(node)) return 1;
    if (isAlias(node)) {
      // the latest anchor of that name before the alias, as yaml resolves it;
      // an alias inside its own anchor (a cycle) counts as one node
      const target = anchors.get(node.source);
      const size = (target !== undefined && sizes.get(target)) || 1;
      result.copies = Math.min(SATURATED, result.copies + size);
      if (size > largestSize) {
        largestSize = size;
        result.largest = node;
      }
      return size;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    let size = 1;
    if (isMap(node)) {
      for (const pair of node.items)
        size += measure(pair.key) + measure(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) size += measure(item);
    }
    size = Math.min(SATURATED, size);
    if (node.anchor) sizes.set(node, size);
    return size;
  };

  result.nodes = measure(doc.contents);
  return result;
}

/** Go yaml.v3's allowed share of alias copies for a document of `nodes` nodes. */
export function allowedAliasShare(nodes: number): number {
  if (nodes <= ALIAS_RATIO_FLOOR) return 0.99;
  if (nodes >= ALIAS_RATIO_CEILING) return 0.1;
  return (
    0.99 -
    (0.89 * (nodes - ALIAS_RATIO_FLOOR)) /
      (ALIAS_RATIO_CEILING - ALIAS_RATIO_FLOOR)
  );
}

/** Whether aliases amplify the document beyond the allowed share. */
export function isExcessive(expansion: AliasExpansion): boolean {
  const { nodes, copies } = expansion;
  return nodes > ALIAS_RATIO_FLOOR && copies / nodes > allowedAliasShare(nodes);
}
