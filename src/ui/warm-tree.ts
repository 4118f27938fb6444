/**
 * Warm the page's share of an open while the user is choosing a file: decode a made-up tree wire
 * (folders of headers, a link) and flatten its rows, as the page does with the worker's result.
 * Each page load starts cold, so without this decodeTree and flattenVisible ran their first,
 * interpreted loops inside the open, over thousands of nodes, between the worker's result and the
 * first paint. One round per idle callback, so a click is never kept waiting long.
 */
import { flattenVisible } from '../core/tree';
import { decodeTree, encodeTree } from '../core/tree-wire';
import type { TreeNode } from '../core/types';

const FOLDERS = 40;
const FILES = 50;
const ROUNDS = 3;

function node(path: string, type: TreeNode['type'], entry: number): TreeNode {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dir = type === 'dir';
  return {
    name,
    path,
    type,
    size: dir ? 0 : 1234,
    files: dir ? 0 : 1,
    dirs: 0,
    mode: dir ? 0o755 : 0o644,
    mtime: 1_700_000_000,
    entry,
  };
}

/** A kheaders-shaped tree: FOLDERS folders of FILES headers each, one of them a symlink. */
export function warmTree(): TreeNode {
  const root = node('', 'dir', 0);
  root.children = [];
  let entry = 1;
  for (let d = 0; d < FOLDERS; d++) {
    const dir = node(`w${d}`, 'dir', entry++);
    dir.children = [];
    for (let f = 0; f < FILES; f++) dir.children.push(node(`w${d}/header-${f}.h`, 'file', entry++));
    root.children.push(dir);
  }
  const link = node('w0/link.h', 'symlink', entry);
  link.linkTarget = 'header-0.h';
  root.children[0]!.children!.push(link);
  return root;
}

/** One warm-up round: the rows shown with the first folder open (returned for the test). */
export function warmRound(wire: ReturnType<typeof encodeTree>): number {
  const back = decodeTree(wire);
  return flattenVisible(back, new Set(['', 'w0']), { sort: 'name' }).length;
}

/** Run the rounds in idle callbacks (or timeouts where there are none). */
export function warmTreeWhileIdle(): void {
  const wire = encodeTree(warmTree());
  const later = (f: () => void): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 2000 });
    else setTimeout(f, 50);
  };
  let left = ROUNDS;
  const step = (): void => {
    warmRound(wire);
    if (--left > 0) later(step);
  };
  later(step);
}
