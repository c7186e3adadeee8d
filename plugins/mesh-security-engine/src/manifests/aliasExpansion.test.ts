import { parseDocument } from 'yaml';
import {
  allowedAliasShare,
  isExcessive,
  measureAliasExpansion,
} from './aliasExpansion';

describe('alias expansion', () => {
  it('counts the nodes aliases copy, nested aliases included, without expanding them', () => {
    const doc = parseDocument(
      'a: &a [1, 2, 3]\nb: &b [*a, *a]\nc: [*b, *b, *b]\n',
    );
    const expansion = measureAliasExpansion(doc);
    // a: 4 nodes; b: 1 + 2 * 4 = 9; c: 1 + 3 * 9 = 28; plus 3 keys and the map
    expect(expansion.nodes).toBe(1 + 3 + 4 + 9 + 28);
    expect(expansion.copies).toBe(2 * 4 + 3 * 9);
    expect(expansion.largest?.source).toBe('b');
  });

  it('follows the yaml.v3 ratio: free below 400,000 nodes, then 99% falling to 10%', () => {
    expect(allowedAliasShare(400_000)).toBe(0.99);
    expect(allowedAliasShare(2_200_000)).toBeCloseTo(0.545);
    expect(allowedAliasShare(4_000_000)).toBe(0.1);
    expect(allowedAliasShare(1e12)).toBe(0.1);
    // a large list aliased once is no amplification
    expect(isExcessive({ nodes: 420_000, copies: 210_000 })).toBe(false);
    expect(isExcessive({ nodes: 399_000, copies: 398_000 })).toBe(false);
    // 99 copies of a 20,000-item list
    expect(isExcessive({ nodes: 2_000_101, copies: 1_980_099 })).toBe(true);
    expect(isExcessive({ nodes: 1e15, copies: 1e15 })).toBe(true);
  });
});
