import { describe, expect, it } from 'vitest';
import { decodeTree, encodeTree } from '../core/tree-wire';
import { warmRound, warmTree } from './warm-tree';

describe('page warm-up of the tree decode', () => {
  it('round-trips its made-up tree and flattens the open folder’s rows', () => {
    const tree = warmTree();
    const wire = encodeTree(tree);
    expect(decodeTree(wire)).toEqual(tree);
    // 40 folders, then the 51 entries of the first one (50 headers and the link).
    expect(warmRound(wire)).toBe(40 + 51);
  });
});
