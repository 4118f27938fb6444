import { describe, expect, it } from 'vitest';
import { flattenDiff } from './diff-tree-rows';
import { diffTrees } from './tree-diff';
import type { TarEntry } from '../types';

const e = (path: string, type: TarEntry['type'], size = 0, mode = 0o644): TarEntry => ({
  path,
  type,
  size,
  mode,
  mtime: 0,
  uid: 0,
  gid: 0,
  dataOffset: 0,
  headerOffset: 0,
});

describe('flattenDiff', () => {
  const a = [e('d', 'dir'), e('d/same', 'file', 1), e('d/meta', 'file', 1), e('gone', 'file', 3)];
  const b = [
    e('d', 'dir'),
    e('d/same', 'file', 1),
    e('d/meta', 'file', 1, 0o755),
    e('new', 'dir'),
    e('new/x', 'file', 2),
  ];
  const h = (n: number) => Array.from({ length: n }, () => 'h');
  const tree = diffTrees({ entries: a, hashes: h(a.length) }, { entries: b, hashes: h(b.length) });
  const paths = (o: { onlyChanges: boolean; ignoreMeta: boolean }, open = ['d', 'new']) =>
    flattenDiff(tree, new Set(open), o).map((r) => `${r.node.path}:${r.node.status}`);

  it('folders first, then files; expanded folders show their children', () => {
    expect(paths({ onlyChanges: false, ignoreMeta: false })).toEqual([
      'd:meta',
      'd/meta:meta',
      'd/same:same',
      'new:added',
      'new/x:added',
      'gone:removed',
    ]);
    expect(tree.counts).toEqual({ added: 1, removed: 1, changed: 0, meta: 1, same: 1 });
  });

  it('only changes hides what is the same, and metadata-only too when asked', () => {
    expect(paths({ onlyChanges: true, ignoreMeta: false })).toEqual([
      'd:meta',
      'd/meta:meta',
      'new:added',
      'new/x:added',
      'gone:removed',
    ]);
    expect(paths({ onlyChanges: true, ignoreMeta: true })).toEqual([
      'new:added',
      'new/x:added',
      'gone:removed',
    ]);
  });
});
