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

/**
 * The tree again, as plain TreeNode objects. Throws on a malformed wire (a programming error).
 * One loop without closures or per-folder frame objects: on the page it runs once per open, cold.
 */
export function decodeTree(wire: TreeWire): TreeNode {
  const { nums, text } = wire;
  const count = nums.length / FIELDS;
  if (!Number.isInteger(count) || count < 1) throw new Error('tree wire: no nodes');
  // Open folders, innermost last, and how many more children each waits for.
  const open: TreeNode[] = [];
  const left: number[] = [];
  let root: TreeNode | null = null;
  let at = 0;
  for (let i = 0; i < count; i++) {
    const o = i * FIELDS;
    let parent: TreeNode | null = null;
    if (i > 0) {
      let top = open.length - 1;
      while (top >= 0 && left[top] === 0) top--;
      if (top < 0) throw new Error('tree wire: node without a parent');
      open.length = left.length = top + 1;
      left[top]!--;
      parent = open[top]!;
    }
    const nameLen = nums[o + 8]!;
    if (nameLen < 0 || at + nameLen > text.length) throw new Error('tree wire: text overrun');
    const name = text.slice(at, at + nameLen);
    at += nameLen;
    const n: TreeNode = {
      name,
      path: parent === null ? '' : parent.path === '' ? name : `${parent.path}/${name}`,
      type: TYPES[nums[o]!] ?? 'other',
      size: nums[o + 1]!,
      files: nums[o + 2]!,
      dirs: nums[o + 3]!,
      mode: nums[o + 4]!,
      mtime: nums[o + 5]!,
      entry: nums[o + 6]!,
    };
    const linkLen = nums[o + 9]!;
    if (linkLen >= 0) {
      if (at + linkLen > text.length) throw new Error('tree wire: text overrun');
      n.linkTarget = text.slice(at, at + linkLen);
      at += linkLen;
    }
    if (parent === null) root = n;
    else parent.children!.push(n);
    const kids = nums[o + 7]!;
    if (kids >= 0) {
      n.children = [];
      open.push(n);
      left.push(kids);
    }
  }
  if (root === null || at !== text.length || left.some((k) => k !== 0))
    throw new Error('tree wire: counts do not add up');
  return root;
}
