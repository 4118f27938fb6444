/**
 * The rows a virtualised diff tree shows: children of the root, then those of every expanded
 * folder, folders first, each level in name order. "Only changes" hides what is the same (and,
 * with `ignoreMeta`, what differs only in metadata).
 */
import type { DiffNode } from './tree-diff';

export interface DiffRow {
  node: DiffNode;
  /** 0 for the children of the root. */
  depth: number;
  setSize: number;
  posInSet: number;
}

interface DiffViewOptions {
  onlyChanges: boolean;
  ignoreMeta: boolean;
}

export function shown(n: DiffNode, o: DiffViewOptions): boolean {
  if (!o.onlyChanges) return true;
  if (n.status === 'same') return false;
  if (!o.ignoreMeta || n.status !== 'meta') return true;
  return false;
}

export function flattenDiff(root: DiffNode, expanded: ReadonlySet<string>, o: DiffViewOptions): DiffRow[] {
  const rows: DiffRow[] = [];
  const stack: { list: DiffNode[]; i: number; depth: number }[] = [];
  const push = (n: DiffNode, depth: number): void => {
    const kids = (n.children ?? []).filter((k) => shown(k, o));
    const list = [...kids.filter((k) => k.children), ...kids.filter((k) => !k.children)];
    stack.push({ list, i: 0, depth });
  };
  push(root, 0);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const node = top.list[top.i++]!;
    rows.push({ node, depth: top.depth, setSize: top.list.length, posInSet: top.i });
    if (node.children && expanded.has(node.path)) push(node, top.depth + 1);
  }
  return rows;
}
