/**
 * The header tree: folders with aggregate sizes and counts, built from tar entries; the summary
 * numbers; and the flattened, sorted, filtered rows a virtualised WAI-ARIA tree shows.
 */
import { normalizeTarPath } from './tar';
import type { HeadersSummary, TarEntry, TreeNode } from './types';

export { formatBytes, formatSize } from './format-size';

/** Code-point order (the same as UTF-8 byte order), not UTF-16 code-unit order. */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after U+E000–U+FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function newNode(name: string, path: string, type: TreeNode['type'], entry: number): TreeNode {
  return { name, path, type, size: 0, files: 0, dirs: 0, mode: type === 'dir' ? 0o755 : 0, mtime: 0, entry };
}

/** The tree while it is built: every node by path, and each folder's children by name. */
interface TreeIndex {
  root: TreeNode;
  nodes: Map<string, TreeNode>;
  kids: Map<TreeNode, Map<string, TreeNode>>;
}

// No recursion per path level anywhere here: paths may be thousands of folders deep.

/** Drop a replaced node and everything under it from the index. */
function forget(t: TreeIndex, top: TreeNode): void {
  const stack = [top];
  for (let n = stack.pop(); n; n = stack.pop()) {
    t.nodes.delete(n.path);
    const m = t.kids.get(n);
    if (m) stack.push(...m.values());
    t.kids.delete(n);
  }
}

function attach(t: TreeIndex, parent: TreeNode, n: TreeNode): void {
  const m = t.kids.get(parent)!;
  const old = m.get(n.name);
  if (old) forget(t, old);
  m.set(n.name, n);
  t.nodes.set(n.path, n);
  if (n.type === 'dir') t.kids.set(n, new Map());
}

/** The folder at `path`, creating implied folders top-down for the missing part. */
function dirAt(t: TreeIndex, path: string): TreeNode {
  const missing: string[] = [];
  let p = path;
  let parent = t.nodes.get(p);
  while (parent?.type !== 'dir') {
    missing.push(p);
    p = p.slice(0, Math.max(0, p.lastIndexOf('/')));
    parent = t.nodes.get(p);
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    const q = missing[i]!;
    const d = newNode(q.slice(q.lastIndexOf('/') + 1), q, 'dir', -1);
    attach(t, parent, d);
    parent = d;
  }
  return parent;
}

/** Place entry `i`: a folder entry for an existing folder only updates it. */
function addEntry(t: TreeIndex, e: TarEntry, i: number): void {
  if (e.path === '') {
    if (e.type === 'dir') Object.assign(t.root, { entry: i, mode: e.mode, mtime: e.mtime });
    return;
  }
  const slash = e.path.lastIndexOf('/');
  const parent = dirAt(t, slash < 0 ? '' : e.path.slice(0, slash));
  const old = t.nodes.get(e.path);
  if (e.type === 'dir' && old?.type === 'dir') {
    Object.assign(old, { entry: i, mode: e.mode, mtime: e.mtime });
    return;
  }
  const n = newNode(e.path.slice(slash + 1), e.path, e.type, i);
  n.mode = e.mode;
  n.mtime = e.mtime;
  if (e.type !== 'dir') n.size = e.size;
  if (e.type === 'file') n.files = 1;
  if (e.linkTarget !== undefined) n.linkTarget = e.linkTarget;
  attach(t, parent, n);
}

/** Sort each folder's children and sum its sizes and counts, every child before its parent. */
function finishFolders(t: TreeIndex): void {
  // Folders in pre-order; finishing them in reverse handles every child before its parent.
  const order: TreeNode[] = [];
  for (const stack = [t.root]; stack.length;) {
    const d = stack.pop()!;
    order.push(d);
    for (const c of t.kids.get(d)!.values()) if (c.type === 'dir') stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const d = order[i]!;
    const children = [...t.kids.get(d)!.values()].sort((a, b) => compareNames(a.name, b.name));
    let size = 0;
    let files = 0;
    let dirs = 0;
    for (const c of children) {
      if (c.type === 'dir') dirs += 1 + c.dirs;
      if (c.type === 'dir' || c.type === 'file') {
        size += c.size;
        files += c.files;
      }
    }
    Object.assign(d, { children, size, files, dirs });
  }
}

/**
 * The tree, entry by entry in archive order (a tar walk can place entries while the archive still
 * decodes), then finished once: folders sorted and summed. Folders implied by paths but missing from
 * the archive get `entry: -1`. A path that appears twice takes the later entry, as tar extraction
 * does; a later entry that needs a folder where a file was turns that file into an implied folder.
 */
export class TreeBuilder {
  private readonly t: TreeIndex;
  private added = 0;

  constructor() {
    const root = newNode('', '', 'dir', -1);
    this.t = { root, nodes: new Map([['', root]]), kids: new Map([[root, new Map()]]) };
  }

  /** Entries placed so far: the next one given is entry number `count`. */
  get count(): number {
    return this.added;
  }

  add(e: TarEntry): void {
    addEntry(this.t, e, this.added++);
  }

  /** The tree of every entry given; call once, after the last. */
  finish(): TreeNode {
    finishFolders(this.t);
    return this.t.root;
  }
}

/** The tree of `entries` (see TreeBuilder). */
export function buildTree(entries: readonly TarEntry[]): TreeNode {
  const b = new TreeBuilder();
  for (const e of entries) b.add(e);
  return b.finish();
}

/** Archive-level numbers: counts of entries as stored (directory entries include the root "./"). */
export function summarize(
  entries: TarEntry[],
  tarBytes: number,
): Omit<HeadersSummary, 'layerId' | 'kernelVersion' | 'arch'> {
  let files = 0;
  let dirs = 0;
  let symlinks = 0;
  let hardlinks = 0;
  let bytes = 0;
  let mtime: number | null = null;
  let reproducible = true;
  for (const e of entries) {
    if (e.type === 'file') {
      files++;
      bytes += e.size;
      if (mtime === null) mtime = e.mtime;
      else if (e.mtime !== mtime) reproducible = false;
    } else if (e.type === 'dir') dirs++;
    else if (e.type === 'symlink') symlinks++;
    else if (e.type === 'hardlink') hardlinks++;
  }
  return { files, dirs, symlinks, hardlinks, bytes, tarBytes, reproducible: reproducible && files > 0 };
}

/** Find a node by path ("", "include/linux", "./include/linux/" all work); null when missing. */
export function findNode(root: TreeNode, path: string): TreeNode | null {
  const p = normalizeTarPath(path);
  if (p === '') return root;
  let node = root;
  for (const name of p.split('/')) {
    const c = node.children;
    if (!c) return null;
    let lo = 0;
    let hi = c.length - 1;
    let hit: TreeNode | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const cmp = compareNames(c[mid]!.name, name);
      if (cmp === 0) {
        hit = c[mid]!;
        break;
      }
      if (cmp < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    if (!hit) return null;
    node = hit;
  }
  return node;
}

/** One visible row of the tree view. ARIA: aria-level = depth + 1, aria-setsize, aria-posinset. */
export interface Row {
  node: TreeNode;
  /** 0 for the children of the root. */
  depth: number;
  parentPath: string;
  /** The folder the row is in (the root for depth 0). */
  parent: TreeNode;
  /** Visible siblings (after filtering), for aria-setsize. */
  setSize: number;
  /** 1-based position among the visible siblings, for aria-posinset. */
  posInSet: number;
  /** With a filter: true when this node itself matches (ancestors shown for context are false). */
  matches?: boolean;
}

interface FlattenOptions {
  sort: 'name' | 'size';
  /** Case-insensitive substring of the name, or of the path when the filter contains '/'. */
  filter?: string;
}

const sortCache = new WeakMap<TreeNode, { name?: TreeNode[]; size?: TreeNode[] }>();

function sortedChildren(n: TreeNode, sort: 'name' | 'size'): TreeNode[] {
  const c = n.children ?? [];
  let cached = sortCache.get(n);
  if (!cached) sortCache.set(n, (cached = {}));
  let out = cached[sort];
  if (!out) {
    out =
      sort === 'name'
        ? [...c.filter((x) => x.type === 'dir'), ...c.filter((x) => x.type !== 'dir')]
        : [...c].sort((a, b) => b.size - a.size || compareNames(a.name, b.name));
    cached[sort] = out;
  }
  return out;
}

interface FilterSets {
  query: string;
  /** Nodes that match themselves. */
  self: Set<TreeNode>;
  /** Folders with a matching node somewhere below. */
  below: Set<TreeNode>;
}
const filterCache = new WeakMap<TreeNode, FilterSets>();

function filterSets(root: TreeNode, query: string): FilterSets {
  const hit = filterCache.get(root);
  if (hit?.query === query) return hit;
  const byPath = query.includes('/');
  const self = new Set<TreeNode>();
  const below = new Set<TreeNode>();
  // Pre-order, then in reverse: a node is seen after all of its descendants (no recursion).
  const order: TreeNode[] = [];
  const parent = new Map<TreeNode, TreeNode>();
  for (const stack = [root]; stack.length;) {
    const n = stack.pop()!;
    order.push(n);
    for (const c of n.children ?? []) {
      parent.set(c, n);
      stack.push(c);
    }
  }
  for (let i = order.length - 1; i > 0; i--) {
    const n = order[i]!;
    if ((byPath ? n.path : n.name).toLowerCase().includes(query)) self.add(n);
    if (self.has(n) || below.has(n)) below.add(parent.get(n)!);
  }
  const sets = { query, self, below };
  filterCache.set(root, sets);
  return sets;
}

/**
 * The rows a virtualised tree shows, depth first: children of the root, then the children of
 * every expanded folder. With a filter, only matching nodes and their ancestors are shown, and
 * ancestors of matches count as expanded; inside a matching folder the user sees everything.
 */
export function flattenVisible(root: TreeNode, expanded: Set<string>, opts: FlattenOptions): Row[] {
  const query = opts.filter?.trim().toLowerCase() ?? '';
  const f = query ? filterSets(root, query) : null;
  const rows: Row[] = [];
  interface Frame {
    node: TreeNode;
    list: TreeNode[];
    next: number;
    depth: number;
    inside: boolean;
  }
  const frame = (node: TreeNode, depth: number, inside: boolean): Frame => {
    let list = sortedChildren(node, opts.sort);
    if (f && !inside) list = list.filter((k) => f.self.has(k) || f.below.has(k));
    return { node, list, next: 0, depth, inside };
  };
  // An explicit stack instead of recursion: one frame per open folder, at any depth.
  const stack = [frame(root, 0, false)];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.list.length) {
      stack.pop();
      continue;
    }
    const k = top.list[top.next++]!;
    const row: Row = {
      node: k,
      depth: top.depth,
      parentPath: top.node.path,
      parent: top.node,
      setSize: top.list.length,
      posInSet: top.next,
    };
    if (f) row.matches = f.self.has(k);
    rows.push(row);
    if (k.children && (expanded.has(k.path) || (f !== null && f.below.has(k))))
      stack.push(frame(k, top.depth + 1, top.inside || (f !== null && f.self.has(k))));
  }
  return rows;
}
