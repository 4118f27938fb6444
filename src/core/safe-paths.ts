/**
 * What an exported .tar may hold, so that extracting it with any tool (GNU tar, Python tarfile with
 * or without filter='data', bsdtar) writes nothing outside the folder it is extracted into:
 *   - no member name that is empty, absolute, has a ".." component or holds a NUL;
 *   - no link whose target is absolute or leaves the exported folder. A symlink target is resolved
 *     relative to the link's own folder, through every symlink kept before it (`up -> ..` followed
 *     by `up/../../x`), as extraction would; a hard link target is an archive path.
 * Unsafe entries are skipped, never rewritten, and returned with the reason so the UI can say which.
 */
import type { TarEntry } from './types';

export interface SkippedEntry {
  path: string;
  reason: string;
}

/** Why a member name (or hard link target) must not be written, or null when it is safe. */
export function unsafeNameReason(path: string): string | null {
  if (path === '') return 'empty name';
  if (path.includes('\0')) return 'NUL in the name';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute name';
  // A backslash separates folders on Windows extractors.
  if (path.split(/[/\\]/).includes('..')) return '".." in the name';
  return null;
}

/** Symlink loops and chains longer than this count as leaving (Linux gives up at 40, ELOOP). */
const MAX_HOPS = 40;

/** The kept symlinks, by the path they are extracted at. */
class LinkSpace {
  private readonly targets = new Map<string, string>();
  /** Names of kept links: a path is joined (O(depth)) only at a component that may be one. */
  private readonly names = new Set<string>();

  constructor(private readonly rootLength: number) {}

  add(parts: readonly string[], target: string): void {
    this.targets.set(parts.join('/'), target);
    this.names.add(parts[parts.length - 1]!);
  }

  remove(parts: readonly string[]): void {
    this.targets.delete(parts.join('/'));
  }

  /** Index of the first component of `parts` at which a kept link sits, or -1. */
  linkAlong(parts: readonly string[]): number {
    for (let i = this.rootLength; i < parts.length; i++)
      if (this.names.has(parts[i]!) && this.targets.has(parts.slice(0, i + 1).join('/'))) return i;
    return -1;
  }

  /**
   * Resolve `rel` from the folder `base` as extraction would, following kept symlinks; null when
   * it would leave the root (the first `rootLength` components) or loops.
   */
  resolve(base: readonly string[], rel: string): string[] | null {
    const cur = [...base];
    const todo = rel.split('/').reverse();
    let hops = 0;
    while (todo.length) {
      const c = todo.pop()!;
      if (c === '' || c === '.') continue;
      if (c === '..') {
        if (cur.length <= this.rootLength) return null;
        cur.pop();
        continue;
      }
      cur.push(c);
      const target = this.names.has(c) ? this.targets.get(cur.join('/')) : undefined;
      if (target === undefined) continue;
      if (++hops > MAX_HOPS || target.startsWith('/')) return null;
      cur.pop();
      todo.push(...target.split('/').reverse());
    }
    return cur;
  }
}

/**
 * Split the entries at or below `folder` ('' = all) into those safe to write and those skipped.
 * Tools differ in how they treat an entry at or through an existing symlink (GNU tar replaces it,
 * Python's tarfile writes through it), so such entries are skipped: kept paths never meet a link.
 * Each symlink is checked against the links before it (what a checking extractor sees then) and,
 * at the end, against all kept links (a later `b -> ..` can turn an earlier `t -> b/../x` outward).
 */
export function planSafeExport(
  entries: readonly TarEntry[],
  folder: string,
): { keep: TarEntry[]; skipped: SkippedEntry[] } {
  const plan = new SafePlan(folder);
  for (const e of entries) plan.admit(e);
  plan.finish();
  const skip = plan.skipped;
  return {
    keep: entries.filter((e) => !skip.has(e)),
    skipped: entries.filter((e) => skip.has(e)).map((e) => ({ path: e.path, reason: skip.get(e)! })),
  };
}

/**
 * The same policy for entries that arrive one by one (an extraction that writes while the archive
 * is still decoding): `admit` decides each entry from the entries before it, which is final for
 * every entry but a symlink; `finish` then drops the kept symlinks a later link turned outward and
 * returns them. A caller writes admitted entries at once and symlinks only after `finish`.
 */
export class SafePlan {
  private readonly links: LinkSpace;
  /** Entries not to write, with the reason. */
  readonly skipped = new Map<TarEntry, string>();
  private readonly symlinks: TarEntry[] = [];

  constructor(private readonly folder: string) {
    this.links = new LinkSpace(folder === '' ? 0 : folder.split('/').length);
  }

  /** True when the entry may be written (a symlink: unless `finish` drops it). */
  admit(e: TarEntry): boolean {
    const reason = entryProblem(e, this.folder, this.links);
    if (reason) {
      this.skipped.set(e, reason);
      return false;
    }
    if (e.type === 'symlink') {
      this.links.add(e.path.split('/'), e.linkTarget!);
      this.symlinks.push(e);
    }
    return true;
  }

  /** Check every kept symlink against all kept links; returns the ones dropped now. */
  finish(): TarEntry[] {
    const dropped: TarEntry[] = [];
    for (let changed = true; changed;) {
      changed = false;
      for (const e of this.symlinks) {
        if (this.skipped.has(e)) continue;
        const parts = e.path.split('/');
        if (this.links.resolve(parts.slice(0, -1), e.linkTarget!)) continue;
        this.skipped.set(e, 'link target leaves the exported folder through a later link');
        this.links.remove(parts);
        dropped.push(e);
        changed = true;
      }
    }
    return dropped;
  }
}

function entryProblem(e: TarEntry, folder: string, links: LinkSpace): string | null {
  const bad = unsafeNameReason(e.path);
  if (bad) return bad;
  const parts = e.path.split('/');
  const at = links.linkAlong(parts);
  if (at === parts.length - 1) return 'replaces a link';
  if (at >= 0) return 'its path goes through a link';
  const target = e.linkTarget ?? '';
  if (e.type === 'hardlink') {
    const badTarget = unsafeNameReason(target);
    if (badTarget) return `link target: ${badTarget}`;
    if (folder !== '' && target !== folder && !target.startsWith(folder + '/'))
      return 'link target outside the exported folder';
    if (links.linkAlong(target.split('/')) >= 0) return 'link target goes through a link';
  } else if (e.type === 'symlink') {
    if (target === '' || target.includes('\0')) return 'empty link target or NUL in it';
    if (target.startsWith('/')) return 'absolute link target';
    if (!links.resolve(parts.slice(0, -1), target)) return 'link target leaves the exported folder';
  }
  return null;
}
