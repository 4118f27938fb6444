/**
 * Write the header archive to a folder on disk, the way `tar -xpf` does, but safely.
 *
 * The same policy as the export (core/safe-paths.ts) decides what is written: no absolute or ".."
 * names, no symlink that leaves the folder, nothing at or through a link. On top of that the disk
 * may already hold things: every folder on the way is checked with lstat (a symlink or file there
 * is replaced by a real folder, as GNU tar does), and the last component is unlinked and created
 * with O_EXCL, so nothing is ever written through a link that was there before.
 *
 * Modes are set exactly as stored (like `tar -p`, root's default), mtimes on files, folders and
 * symlinks; folders get theirs last, so writing inside them does not change them.
 * Owners are not changed. Synchronous on purpose: thousands of small files, one after another.
 *
 * Few system calls, as tar: a file is open (O_EXCL, with its mode) + write + futimes + close; only
 * when something is in the way (EEXIST) is it looked at and removed, and fchmod runs only when the
 * umask or a setuid/setgid/sticky bit keeps open() from giving the stored mode.
 */
import {
  chmodSync,
  closeSync,
  constants,
  ftruncateSync,
  futimesSync,
  fchmodSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { resolve, sep } from 'node:path';
import { SafePlan, type SkippedEntry } from '../core/safe-paths';
import { notWritable } from '../core/tar';
import type { TarEntry } from '../core/types';

export interface ExtractSummary {
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  /** Entries not written: unsafe (the export policy), or of a kind kheaders never holds. */
  skipped: SkippedEntry[];
}

const WRITE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

const inTheWay = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'EEXIST';

/** Run `make`; if something already stands at `at`, remove it (tar -x replaces files and links) and run it again. */
function replacing<T>(disk: Disk, at: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!inTheWay(e)) throw e;
    disk.clear(at);
    return make();
  }
}

export function extractTree(entries: readonly TarEntry[], tar: Uint8Array, dir: string): ExtractSummary {
  const x = new Extractor(dir);
  for (const e of entries) x.add(e, tar);
  return x.finish();
}

/**
 * The same writer for entries that arrive one by one (extract-stream.ts writes while the archive
 * still decodes): `add` writes an entry the policy admits at once, except symlinks, which wait for
 * `finish` (a later link can still make one leave the folder); `finish` writes them, then gives the
 * folders their modes and mtimes. Skipped entries are named in archive order, then disk failures.
 */
export class Extractor {
  private readonly sum: ExtractSummary = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, skipped: [] };
  private readonly plan = new SafePlan('');
  private readonly disk: Disk;
  private readonly dirTimes: TarEntry[] = [];
  private readonly links: TarEntry[] = [];
  /** What the disk refused (a name too long, no space …): said, and the rest goes on, as in tar. */
  private readonly refused: SkippedEntry[] = [];
  private root: TarEntry | null = null;
  /** Archive order of every entry given (offsets are not: a streamed tar is read from a moving buffer). */
  private readonly order = new Map<TarEntry, number>();

  constructor(dir: string) {
    const root = resolve(dir);
    mkdirSync(root, { recursive: true });
    this.disk = new Disk(root);
  }

  /** Write one entry, its bytes in `tar` (symlinks wait for finish). */
  add(e: TarEntry, tar: Uint8Array): void {
    if (e.path === '') {
      if (e.type === 'dir') this.root ??= e;
      return;
    }
    this.order.set(e, this.order.size);
    if (!this.plan.admit(e)) return;
    // A file the archive cuts short is not written (tar -x writes what there is): a header that
    // stops half way would only fail a build later, far from the cause. It is named instead, as is
    // a file whose bytes cannot be read (a damaged sparse map).
    const why = notWritable(e, tar);
    if (why) {
      this.refused.push({ path: e.path, reason: why });
      return;
    }
    if (e.type === 'symlink') this.links.push(e);
    else this.write(e, tar);
  }

  finish(): ExtractSummary {
    this.plan.finish();
    for (const e of this.links) if (!this.plan.skipped.has(e)) this.write(e, new Uint8Array(0));
    // Folders last (the root's "./" too, as tar does): writing inside one changes its mtime, and a
    // read-only folder could not be written into.
    for (const e of this.dirTimes.reverse().concat(this.root ? [this.root] : [])) {
      try {
        const at = this.disk.path(e.path);
        chmodSync(at, e.mode & 0o7777);
        utimesSync(at, fsTime(e.mtime), fsTime(e.mtime));
      } catch (err) {
        this.refused.push({ path: e.path, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
      }
    }
    const unsafe = [...this.plan.skipped].sort((a, b) => this.order.get(a[0])! - this.order.get(b[0])!);
    this.sum.skipped = unsafe.map(([e, reason]) => ({ path: e.path, reason })).concat(this.refused);
    return this.sum;
  }

  private write(e: TarEntry, tar: Uint8Array): void {
    try {
      if (writeEntry(e, tar, this.disk, this.sum, this.refused)) this.dirTimes.push(e);
    } catch (err) {
      this.refused.push({ path: e.path, reason: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
  }
}

/** A sparse file as tar -x writes it: each run at its place, holes left as holes, the real size. */
function writeSparse(fd: number, tar: Uint8Array, e: TarEntry): void {
  let at = e.dataOffset;
  for (const [pos, n] of e.sparse!) {
    for (let done = 0; done < n;) done += writeSync(fd, tar, at + done, n - done, pos + done);
    at += n;
  }
  ftruncateSync(fd, e.size);
}

/**
 * A tar mtime as Node's utimes family takes it: a number of seconds, but a Date before 1970 (Node
 * turns a negative number into "now", where tar -x sets the time stored, e.g. 1969-06-01).
 */
const fsTime = (mtime: number): number | Date => (mtime < 0 ? new Date(mtime * 1000) : mtime);

/** Write one entry; true for a folder (its mode and mtime are set at the end). */
function writeEntry(
  e: TarEntry,
  tar: Uint8Array,
  disk: Disk,
  sum: ExtractSummary,
  refused: SkippedEntry[],
): boolean {
  const at = disk.path(e.path);
  if (e.type === 'dir') {
    disk.ensureDir(e.path);
    sum.dirs++;
    return true;
  }
  if (e.type === 'other') {
    refused.push({ path: e.path, reason: 'not a file, folder or link (device or fifo)' });
    return false;
  }
  disk.ensureParent(e.path);
  if (e.type === 'file') {
    const mode = e.mode & 0o7777;
    const fd = replacing(disk, at, () => openSync(at, WRITE_NEW, mode & 0o777));
    try {
      if (e.sparse) writeSparse(fd, tar, e);
      else
        for (let o = e.dataOffset, end = e.dataOffset + e.size; o < end;) o += writeSync(fd, tar, o, end - o);
      if (mode !== (mode & 0o777 & ~disk.umask)) fchmodSync(fd, mode);
      futimesSync(fd, fsTime(e.mtime), fsTime(e.mtime));
    } finally {
      closeSync(fd);
    }
    sum.files++;
  } else if (e.type === 'symlink') {
    replacing(disk, at, () => symlinkSync(e.linkTarget!, at));
    lutimesSync(at, fsTime(e.mtime), fsTime(e.mtime));
    sum.symlinks++;
  } else {
    const from = disk.path(e.linkTarget!);
    replacing(disk, at, () => linkSync(from, at));
    sum.hardlinks++;
  }
  return false;
}

/** Paths under the root, and the folders already known to be real folders (not links). */
class Disk {
  private readonly known = new Set<string>(['']);
  private readonly failed = new Set<string>();
  /** The process umask, which open() and mkdir() apply to the mode they are given. */
  readonly umask = process.umask();

  constructor(private readonly root: string) {}

  /** The absolute path of an archive path; throws if it would leave the root (never, after the plan). */
  path(rel: string): string {
    const p = resolve(this.root, rel);
    if (p !== this.root && !p.startsWith(this.root + sep)) throw new Error(`${rel} leaves the folder`);
    return p;
  }

  ensureParent(rel: string): void {
    const cut = rel.lastIndexOf('/');
    this.ensureDir(cut < 0 ? '' : rel.slice(0, cut));
  }

  /** Make `rel` a real folder: create it and its parents, or replace a link or file standing there. */
  ensureDir(rel: string): void {
    const todo: string[] = [];
    for (let p = rel; !this.known.has(p); p = p.slice(0, Math.max(0, p.lastIndexOf('/')))) {
      // A folder that could not be made fails its whole subtree at once (10,000 nested names).
      if (this.failed.has(p)) throw Object.assign(new Error(`${p} could not be created`), { code: 'ENOENT' });
      todo.push(p);
    }
    for (const p of todo.reverse()) {
      try {
        const at = this.path(p);
        // 0777 less the umask, like tar for folders the archive only implies. Something already
        // there is kept only if lstat says it is a real folder (a link or a file is replaced).
        try {
          mkdirSync(at);
        } catch (e) {
          if (!inTheWay(e)) throw e;
          if (!lstatSync(at).isDirectory()) {
            unlinkSync(at);
            mkdirSync(at);
          }
        }
      } catch (e) {
        this.failed.add(p);
        throw e;
      }
      this.known.add(p);
    }
  }

  /** Remove what stands at a path about to be written (tar -x replaces files and links). */
  clear(at: string): void {
    const st = lstatSync(at, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) rmdirSync(at);
    else unlinkSync(at);
  }
}
