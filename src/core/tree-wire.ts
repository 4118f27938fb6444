/**
 * The header tree in a compact wire form: one Float64Array of numbers and one string of names, so
 * the worker builds the tree once and the UI gets it as a transferable buffer plus a single string
 * (a structured clone of thousands of small objects costs more than rebuilding them here).
 *
 * Layout: nodes in depth-first pre-order, children in the tree's own (sorted) order. Each node is
 * FIELDS numbers: type, size, files, dirs, mode, mtime, entry, child count, name length, link
 * length (-1 when the node has no link target). Names and link targets follow one another in
 * `text` in the same order. A node's path is its parent's path joined with its name, which is how
 * buildTree makes paths; decodeTree rebuilds it and never recurses, so depth is not bounded by the
 * call stack.
 */
import type { TreeNode } from './types';

export interface TreeWire {
  nums: Float64Array<ArrayBuffer>;
  text: string;
}

const FIELDS = 10;
const TYPES: TreeNode['type'][] = ['dir', 'file', 'symlink', 'hardlink', 'other'];
const TYPE_CODE = new Map(TYPES.map((t, i) => [t, i]));

export function encodeTree(root: TreeNode): TreeWire {
  const order: TreeNode[] = [];
  const stack: TreeNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    order.push(n);
    const kids = n.children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  const nums = new Float64Array(order.length * FIELDS);
  const text: string[] = [];
  order.forEach((n, i) => {
    const o = i * FIELDS;
    nums[o] = TYPE_CODE.get(n.type) ?? 4;
    nums[o + 1] = n.size;
    nums[o + 2] = n.files;
    nums[o + 3] = n.dirs;
    nums[o + 4] = n.mode;
    nums[o + 5] = n.mtime;
    nums[o + 6] = n.entry;
    nums[o + 7] = n.children?.length ?? -1;
    nums[o + 8] = n.name.length;
    nums[o + 9] = n.linkTarget === undefined ? -1 : n.linkTarget.length;
    text.push(n.name);
    if (n.linkTarget !== undefined) text.push(n.linkTarget);
  });
  return { nums, text: text.join('') };
}

/** The tree again, as plain TreeNode objects. Throws on a malformed wire (a programming error). */
export function decodeTree(wire: TreeWire): TreeNode {
  const { nums, text } = wire;
  const count = nums.length / FIELDS;
  if (!Number.isInteger(count) || count < 1) throw new Error('tree wire: no nodes');
  let at = 0;
  const take = (len: number): string => {
    if (len < 0 || at + len > text.length) throw new Error('tree wire: text overrun');
    const s = text.slice(at, at + len);
    at += len;
    return s;
  };
  const node = (i: number, parentPath: string | null): TreeNode => {
    const o = i * FIELDS;
    const name = take(nums[o + 8]!);
    const linkLen = nums[o + 9]!;
    const n: TreeNode = {
      name,
      path: parentPath === null ? '' : parentPath === '' ? name : `${parentPath}/${name}`,
      type: TYPES[nums[o]!] ?? 'other',
      size: nums[o + 1]!,
      files: nums[o + 2]!,
      dirs: nums[o + 3]!,
      mode: nums[o + 4]!,
      mtime: nums[o + 5]!,
      entry: nums[o + 6]!,
    };
    if (linkLen >= 0) n.linkTarget = take(linkLen);
    return n;
  };
  const root = node(0, null);
  // Open folders: each waits for `left` more children.
  const open: { n: TreeNode; left: number }[] = [];
  const enter = (n: TreeNode, kids: number): void => {
    if (kids < 0) return;
    n.children = [];
    open.push({ n, left: kids });
  };
  enter(root, nums[7]!);
  for (let i = 1; i < count; i++) {
    while (open.length > 0 && open[open.length - 1]!.left === 0) open.pop();
    const top = open[open.length - 1];
    if (!top) throw new Error('tree wire: node without a parent');
    top.left--;
    const n = node(i, top.n.path);
    top.n.children!.push(n);
    enter(n, nums[i * FIELDS + 7]!);
  }
  if (at !== text.length || open.some((f) => f.left !== 0))
    throw new Error('tree wire: counts do not add up');
  return root;
}
