/**
 * The file diff of two header archives: one tree over the union of both entry lists. Every entry
 * gets a status (added, removed, changed, metadata-only, same) from its type, size and content
 * hash, then mode, mtime, owner and link target; folders carry counts and sizes of what is below.
 */
import { normalizeTarPath } from '../tar';
import { compareNames } from '../tree';
import type { TarEntry } from '../types';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'meta' | 'same';

/** What differs besides the bytes for a metadata-only entry (or a type change). */
export type MetaField = 'type' | 'mode' | 'mtime' | 'owner' | 'target';

export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
  meta: number;
  same: number;
}

export interface DiffNode {
  name: string;
  /** Path without leading "./"; the root is "". */
  path: string;
  /** The entry's type on the newer side (B), or on A when removed. */
  type: TarEntry['type'];
  /** For folders: what is below (added anywhere below → 'changed', unless the folder itself is new). */
  status: DiffStatus;
  /** The entry's own status (folders: the folder entry itself, not what is below it). */
  own: DiffStatus;
  meta?: MetaField[];
  /** File size, or for folders the sum of regular file sizes below; null when absent on that side. */
  sizeA: number | null;
  sizeB: number | null;
  /** Non-folder entries at or below this node, by status. */
  counts: DiffCounts;
  /** Index into each side's entries (-1 when absent or implied). */
  entryA: number;
  entryB: number;
  linkA?: string;
  linkB?: string;
  /** Folders only; sorted by name (code point order). */
  children?: DiffNode[];
}

/** One side of the comparison: the entries and a content hash per regular file (null otherwise). */
interface DiffSide {
  entries: readonly TarEntry[];
  hashes: readonly (string | null)[];
}

const zero = (): DiffCounts => ({ added: 0, removed: 0, changed: 0, meta: 0, same: 0 });

interface Build {
  node: DiffNode;
  kids: Map<string, Build> | null;
  /** The path exists on that side (as an entry or as a folder implied by one below). */
  inA: boolean;
  inB: boolean;
}

export function diffTrees(a: DiffSide, b: DiffSide): DiffNode {
  const root: Build = { node: blank('', ''), kids: new Map(), inA: true, inB: true };
  const place = (side: 'A' | 'B', entries: readonly TarEntry[]): void => {
    entries.forEach((e, i) => {
      const path = normalizeTarPath(e.path);
      const at = path === '' ? root : walk(root, path, side);
      if (side === 'A') at.node.entryA = i;
      else at.node.entryB = i;
      // A file where the other side has a folder keeps that folder's children in the union.
      if (e.type !== 'dir') at.kids = at.kids?.size ? at.kids : null;
      else at.kids ??= new Map();
    });
  };
  place('A', a.entries);
  place('B', b.entries);
  return finish(root, a, b);
}

function blank(name: string, path: string): DiffNode {
  return {
    name,
    path,
    type: 'dir',
    status: 'same',
    own: 'same',
    sizeA: null,
    sizeB: null,
    counts: zero(),
    entryA: -1,
    entryB: -1,
  };
}

/** The node for `path`, creating implied folders and marking them present on `side`. */
function walk(root: Build, path: string, side: 'A' | 'B'): Build {
  let at = root;
  let from = 0;
  for (;;) {
    const slash = path.indexOf('/', from);
    const name = slash < 0 ? path.slice(from) : path.slice(from, slash);
    at.kids ??= new Map();
    let next = at.kids.get(name);
    if (!next) {
      next = {
        node: blank(name, slash < 0 ? path : path.slice(0, slash)),
        kids: null,
        inA: false,
        inB: false,
      };
      at.kids.set(name, next);
    }
    if (side === 'A') next.inA = true;
    else next.inB = true;
    at = next;
    if (slash < 0) return at;
    at.kids ??= new Map();
    from = slash + 1;
  }
}

function finish(b: Build, sa: DiffSide, sb: DiffSide): DiffNode {
  const n = b.node;
  const { inA, inB } = b;
  const ea = n.entryA >= 0 ? sa.entries[n.entryA] : undefined;
  const eb = n.entryB >= 0 ? sb.entries[n.entryB] : undefined;
  n.type = (eb ?? ea)?.type ?? 'dir';
  if (ea?.linkTarget !== undefined) n.linkA = ea.linkTarget;
  if (eb?.linkTarget !== undefined) n.linkB = eb.linkTarget;
  n.own = !inA ? 'added' : !inB ? 'removed' : 'same';
  if (inA && inB && ea && eb) {
    n.meta = metaDiff(ea, eb);
    const typeChanged = ea.type !== eb.type;
    const bytesChanged =
      ea.type === 'file' &&
      eb.type === 'file' &&
      (ea.size !== eb.size || sa.hashes[n.entryA] !== sb.hashes[n.entryB]);
    n.own = typeChanged || bytesChanged ? 'changed' : n.meta.length > 0 ? 'meta' : 'same';
    if (n.meta.length === 0) delete n.meta;
  }
  if (!b.kids) {
    n.sizeA = inA ? (ea?.type === 'file' ? ea.size : 0) : null;
    n.sizeB = inB ? (eb?.type === 'file' ? eb.size : 0) : null;
    n.status = n.own;
    n.counts[n.own]++;
    return n;
  }
  const kids = [...b.kids.values()]
    .map((k) => finish(k, sa, sb))
    .sort((x, y) => compareNames(x.name, y.name));
  n.children = kids;
  let sizeA = 0;
  let sizeB = 0;
  for (const k of kids) {
    sizeA += k.sizeA ?? 0;
    sizeB += k.sizeB ?? 0;
    for (const s of STATUSES) n.counts[s] += k.counts[s];
  }
  n.sizeA = inA ? sizeA : null;
  n.sizeB = inB ? sizeB : null;
  const c = n.counts;
  n.status =
    n.own === 'added' || n.own === 'removed' || n.own === 'changed'
      ? n.own
      : c.added + c.removed + c.changed > 0
        ? 'changed'
        : c.meta > 0 || n.own === 'meta'
          ? 'meta'
          : 'same';
  return n;
}

export const STATUSES: readonly DiffStatus[] = ['added', 'removed', 'changed', 'meta', 'same'];

function metaDiff(a: TarEntry, b: TarEntry): MetaField[] {
  const out: MetaField[] = [];
  if (a.type !== b.type) out.push('type');
  if ((a.mode & 0o7777) !== (b.mode & 0o7777)) out.push('mode');
  if (a.mtime !== b.mtime) out.push('mtime');
  if (a.uid !== b.uid || a.gid !== b.gid) out.push('owner');
  if ((a.linkTarget ?? '') !== (b.linkTarget ?? '')) out.push('target');
  return out;
}
