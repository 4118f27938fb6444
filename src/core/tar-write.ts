/**
 * A small synchronous tar writer for "export folder as .tar": POSIX ustar headers, the prefix
 * field for paths up to 255 bytes when they split, and a pax 'x' record for anything ustar cannot
 * hold (longer paths or link targets, mtimes outside 0..8^11-1 or with fractions, big ids/sizes).
 * Names are UTF-8. Modes and mtimes are kept as given (no "now", no 0777 defaults).
 *
 * Why not a library: tar-js (the design card's pick) corrupts names over 100 bytes and non-Latin-1
 * names, and defaults to 0777/now (verified against GNU tar 1.34 and Python tarfile; see the README dependency table). modern-tar's `packTar` writes
 * correct archives but is async (web streams): its synchronous packer is not exported. This writer
 * is synchronous, allocates the output once and round-trips through GNU tar and Python's tarfile
 * (tar-write.test.ts).
 *
 * Safety (see safe-paths.ts): a leading "/" is dropped; a name that is then empty (other than the
 * root folder), holds a NUL or has a ".." component is never written, nor a link whose target is
 * absolute or holds a NUL, nor a hard link whose target is unsafe as a name. Such entries are
 * skipped and reported through `onSkip`. Whether a relative symlink target stays inside the exported
 * folder needs the whole archive: planSafeExport decides that before calling this.
 */
import { unsafeNameReason } from './safe-paths';

export interface TarWriteEntry {
  /** Archive path, e.g. "include/linux/sched.h"; a directory may end in "/" (added if missing). */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  /** File contents; the stored size is `data.length` (an absent `data` writes an empty file). */
  data?: Uint8Array;
  /** Informational; `data.length` wins for files, and links and directories store 0. */
  size: number;
  mode: number;
  /** Seconds since the epoch (fractions and negative values go into a pax record). */
  mtime: number;
  linkTarget?: string;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
}

const enc = new TextEncoder();
const OCTAL_11 = 0o77777777777;
const OCTAL_7 = 0o7777777;
const EMPTY = new Uint8Array(0);

interface Planned {
  e: TarWriteEntry;
  name: Uint8Array;
  prefix: Uint8Array | null;
  link: Uint8Array;
  pax: Uint8Array | null;
  size: number;
  mtime: number;
}

/** Cut UTF-8 bytes to at most `max` bytes without splitting a character. */
function cut(b: Uint8Array, max: number): Uint8Array {
  if (b.length <= max) return b;
  let n = max;
  while (n > 0 && (b[n]! & 0xc0) === 0x80) n--;
  return b.subarray(0, n);
}

/** Split a path for the ustar prefix field: prefix ≤ 155 bytes, name ≤ 100 bytes, both non-empty. */
function ustarSplit(p: Uint8Array): [Uint8Array, Uint8Array] | null {
  if (p.length > 256) return null;
  for (let i = Math.min(155, p.length - 2); i > 0; i--) {
    if (p[i] === 0x2f && p.length - i - 1 <= 100 && p.length - i - 1 > 0)
      return [p.subarray(0, i), p.subarray(i + 1)];
  }
  return null;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const n = enc.encode(body).length;
  let len = n + String(n).length;
  if (String(len).length !== String(n).length) len = n + String(len).length;
  return `${len}${body}`;
}

function octal(h: Uint8Array, o: number, width: number, v: number): void {
  const s = Math.max(0, Math.floor(v))
    .toString(8)
    .padStart(width - 1, '0');
  for (let i = 0; i < width - 1; i++) h[o + i] = s.charCodeAt(i);
  h[o + width - 1] = 0;
}

function header(
  h: Uint8Array,
  name: Uint8Array,
  prefix: Uint8Array | null,
  flag: string,
  size: number,
  link: Uint8Array,
  p: Planned,
): void {
  const e = p.e;
  h.set(cut(name, 100), 0);
  octal(h, 100, 8, e.mode & 0o7777);
  octal(h, 108, 8, Math.min(e.uid ?? 0, OCTAL_7));
  octal(h, 116, 8, Math.min(e.gid ?? 0, OCTAL_7));
  octal(h, 124, 12, size);
  octal(h, 136, 12, Math.min(Math.max(p.mtime, 0), OCTAL_11));
  h[156] = flag.charCodeAt(0);
  h.set(cut(link, 100), 157);
  h.set([0x75, 0x73, 0x74, 0x61, 0x72, 0, 0x30, 0x30], 257); // "ustar\0" "00"
  h.set(cut(enc.encode(e.uname ?? ''), 31), 265);
  h.set(cut(enc.encode(e.gname ?? ''), 31), 297);
  if (prefix) h.set(prefix, 345);
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += h[i]!;
  for (let i = 156; i < 512; i++) sum += h[i]!;
  octal(h, 148, 7, sum);
  h[155] = 0x20;
}

const FLAGS = { file: '0', hardlink: '1', symlink: '2', dir: '5' } as const;

/** Why the writer refuses an entry (after dropping a leading "/"), or null. */
function refusal(e: TarWriteEntry, path: string): string | null {
  const bad = path === './' ? null : unsafeNameReason(path.replace(/\/$/, ''));
  if (bad) return bad;
  const target = e.linkTarget ?? '';
  if (e.type === 'hardlink') {
    const t = unsafeNameReason(target);
    return t ? `link target: ${t}` : null;
  }
  if (e.type === 'symlink' && (target === '' || target.includes('\0') || target.startsWith('/')))
    return 'empty, absolute or NUL link target';
  return null;
}

/** The archive path of an entry (folders end in "/", "./" for the root), or null for an empty file name. */
function archivePath(e: TarWriteEntry): string | null {
  const path = e.path.replace(/^\/+/, '');
  if (e.type === 'dir') return path === '' || path === '.' ? './' : path.endsWith('/') ? path : path + '/';
  return path === '' || path.endsWith('/') ? null : path;
}

/** Where the name goes (ustar name + prefix) and the pax records for what the ustar fields cannot hold. */
function plan(e: TarWriteEntry, path: string): Planned {
  const full = enc.encode(path);
  const link = enc.encode(e.type === 'symlink' || e.type === 'hardlink' ? (e.linkTarget ?? '') : '');
  const size = e.type === 'file' ? (e.data?.length ?? 0) : 0;
  const mtime = Number.isFinite(e.mtime) ? e.mtime : 0;
  const recs: string[] = [];
  let name: Uint8Array = full;
  let prefix: Uint8Array | null = null;
  if (full.length > 100) {
    const split = ustarSplit(full);
    if (split) [prefix, name] = split;
    else recs.push(paxRecord('path', path));
  }
  if (link.length > 100) recs.push(paxRecord('linkpath', e.linkTarget!));
  if (size > OCTAL_11) recs.push(paxRecord('size', String(size)));
  if (mtime < 0 || mtime > OCTAL_11 || !Number.isInteger(mtime)) recs.push(paxRecord('mtime', String(mtime)));
  if ((e.uid ?? 0) > OCTAL_7) recs.push(paxRecord('uid', String(e.uid)));
  if ((e.gid ?? 0) > OCTAL_7) recs.push(paxRecord('gid', String(e.gid)));
  const pax = recs.length ? enc.encode(recs.join('')) : null;
  return { e, name, prefix, link, pax, size, mtime };
}

const padded = (n: number): number => Math.ceil(n / 512) * 512;

/** Bytes one planned entry takes: its pax header and records, its header and its data. */
const entryBytes = (p: Planned): number => 512 + padded(p.size) + (p.pax ? 512 + padded(p.pax.length) : 0);

/** Write one planned entry at `pos`; returns the offset after it. */
function writeEntry(out: Uint8Array, pos: number, p: Planned): number {
  if (p.pax) {
    const base = p.e.path.replace(/\/+$/, '').split('/').pop() ?? '';
    header(out.subarray(pos, pos + 512), enc.encode('PaxHeaders/' + base), null, 'x', p.pax.length, EMPTY, p);
    out.set(p.pax, pos + 512);
    pos += 512 + padded(p.pax.length);
  }
  header(out.subarray(pos, pos + 512), p.name, p.prefix, FLAGS[p.e.type], p.size, p.link, p);
  pos += 512;
  if (p.size) {
    out.set(p.e.data!, pos);
    pos += padded(p.size);
  }
  return pos;
}

/**
 * Write a tar archive (ending in two zero blocks). Unsafe entries (see above) are skipped and
 * reported through `onSkip`.
 */
export function writeTar(
  files: TarWriteEntry[],
  onSkip: (path: string, reason: string) => void = () => {},
): Uint8Array {
  const planned: Planned[] = [];
  for (const e of files) {
    if (!(e.type in FLAGS)) continue;
    const path = archivePath(e);
    const refused = path === null ? 'empty name' : refusal(e, path);
    if (refused || path === null) onSkip(e.path, refused ?? 'empty name');
    else planned.push(plan(e, path));
  }
  const out = new Uint8Array(planned.reduce((n, p) => n + entryBytes(p), 1024));
  let pos = 0;
  for (const p of planned) pos = writeEntry(out, pos, p);
  return out;
}
