/**
 * From what the opener found to the result: the header archive (with its tree and a file reader)
 * and the config. When a copy shows up twice, the verified one wins (choose.ts).
 */
import { chooseCopy } from './choose';
import { parseConfig, rebuiltFromAutoconf } from './config';
import { kernelFactsFromHeaders } from './kernel-facts';
import { formatSize } from './format-size';
import { displayName } from './names';
import { fileData, noData, SPARSE_MAX, storedSize } from './tar';
import type { FoundTar, OpenRun } from './opener/run';
import { buildTree, summarize } from './tree';
import type { ConfigSummary, HeadersSummary, Layer, TarEntry, TreeNode } from './types';

/** Bytes of one regular file by path (no leading "./"); follows links; null when missing. */
export type ReadFile = (path: string) => Uint8Array | null;
/** Why ReadFile gives null for a path, in one sentence (names escaped: core/names.ts); null when it gives bytes. */
export type WhyUnread = (path: string) => string | null;

export interface FoundHeaders {
  headers: HeadersSummary | null;
  entries: TarEntry[];
  /** The decompressed tar bytes; null when no headers were found. */
  tar: Uint8Array | null;
  tree: TreeNode | null;
  read: ReadFile;
  whyUnread: WhyUnread;
}

/**
 * The header archive: normally there is exactly one tar. A tar without a single regular file (a bomb
 * of zeros, an empty archive) is a layer, not "headers found".
 */
export function foundHeaders(run: OpenRun, root: Layer): FoundHeaders {
  const best = chooseCopy(
    run.tars.map((t) => ({ ...t, size: fileCount(t) })).filter((t) => t.size > 0),
    root,
  );
  const entries = best?.entries ?? [];
  const tar = best?.bytes ?? null;
  const { read, whyUnread } = archiveFiles(entries, tar);
  if (!best || !tar) return { headers: null, entries, tar, tree: null, read, whyUnread };
  if (run.until === 'tar') {
    // Only the entries and bytes are wanted (--extract, --tar): no tree, no facts from the headers.
    const plain = {
      ...summarize(entries, tar.length),
      arch: run.facts.arch,
      kernelVersion: run.facts.version,
    };
    return { headers: { ...plain, layerId: best.layer.id }, entries, tar, tree: null, read, whyUnread };
  }
  run.progress({ stage: 'building-tree', bytesDone: 0, bytesTotal: entries.length });
  const tree = best.tree ?? buildTree(entries);
  const facts = kernelFactsFromHeaders(tree, read);
  const headers: HeadersSummary = {
    ...summarize(entries, tar.length),
    arch: facts.arch ?? run.facts.arch,
    kernelVersion: facts.version ?? run.facts.version,
    layerId: best.layer.id,
  };
  if (!run.facts.version && facts.version) run.facts.version = facts.version;
  return { headers, entries, tar, tree, read, whyUnread };
}

export interface FoundConfig {
  config: ConfigSummary | null;
  text: string | null;
  /** The config's bytes as stored in the file (IKCONFIG blob or a plain .config). */
  bytes: Uint8Array | null;
}

const NO_CONFIG: FoundConfig = { config: null, text: null, bytes: null };

/**
 * The config: IKCONFIG (or the input file itself) when present, else the header archive's
 * include/generated/autoconf.h. A config counts when it sets at least one option.
 */
export function foundConfig(run: OpenRun, root: Layer, h: FoundHeaders): FoundConfig {
  return foundIkconfig(run, root) ?? (run.until === 'tar' ? NO_CONFIG : autoconfConfig(h));
}

/** IKCONFIG or the input file itself as a .config, when one sets an option; else null. */
export function foundIkconfig(run: OpenRun, root: Layer): FoundConfig | null {
  const ik = chooseCopy(
    run.configs
      .map((c) => ({ c, p: parseConfig(c.text), layer: c.layer }))
      .map((x) => ({ ...x, size: x.p.options }))
      .filter((x) => x.size > 0),
    root,
  );
  if (!ik) return null;
  const { c, p } = ik;
  const source = c.plain ? 'file' : 'ikconfig';
  const config = {
    options: p.options,
    bytes: c.text.length,
    source,
    layerId: c.layer.id,
    title: p.title,
  } as const;
  return { config, text: c.text, bytes: c.bytes };
}

/** The config rebuilt from the header archive's include/generated/autoconf.h, when it sets an option. */
export function autoconfConfig(h: FoundHeaders): FoundConfig {
  const auto = h.headers && h.read('include/generated/autoconf.h');
  // Rebuilt without a title, so the text has none for parseConfig to find.
  const rebuilt = auto ? rebuiltFromAutoconf(new TextDecoder().decode(auto)) : null;
  if (!h.headers || !rebuilt || rebuilt.options === 0) return NO_CONFIG;
  const { text, options } = rebuilt;
  const config = {
    options,
    bytes: text.length,
    source: 'autoconf',
    layerId: h.headers.layerId,
    title: null,
  } as const;
  return { config, text, bytes: null };
}

const fileCount = (t: FoundTar): number => t.entries.reduce((n, e) => n + (e.type === 'file' ? 1 : 0), 0);

/** Links followed in a row before giving up (a loop, or a chain no header tree needs). */
const MAX_HOPS = 16;

/**
 * path → file bytes, following symlinks (relative to their folder) and hard links; and, for a path
 * that gives none, why.
 */
function archiveFiles(entries: TarEntry[], tar: Uint8Array | null): { read: ReadFile; whyUnread: WhyUnread } {
  const byPath = new Map<string, TarEntry>();
  for (const e of entries) byPath.set(e.path, e);
  return {
    read: (path) => {
      if (!tar) return null;
      const e = resolveFile(byPath, path);
      return typeof e === 'string' ? null : fileData(tar, e);
    },
    whyUnread: (path) => {
      if (!tar) return 'No header archive is open.';
      const e = resolveFile(byPath, path);
      if (typeof e === 'string') return e;
      const why = noData(e); // what fileData refuses
      if (why === 'unreadable') return `${displayName(e.path)} cannot be read: ${e.unreadable}.`;
      if (why === null) return null;
      return `${displayName(e.path)} is a sparse file of ${formatSize(e.size)} (${formatSize(storedSize(e))} stored): holes are filled in only up to ${formatSize(SPARSE_MAX)}.`;
    },
  };
}

/** The regular file entry `path` leads to (links followed), or why it leads to none. */
function resolveFile(byPath: Map<string, TarEntry>, path: string): TarEntry | string {
  let p = path.replace(/^\.?\/+/, '');
  /** The last link followed: its path and its target as stored (`../../etc/shadow`, not where it lands). */
  let via: { path: string; target: string } | null = null;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const e = byPath.get(p);
    if (!e)
      return via === null
        ? `${displayName(p)} is not in the archive.`
        : `${displayName(via.path)} links to ${displayName(via.target)}, which is not in the archive.`;
    if (e.type === 'file') return e;
    if (e.type === 'dir') return `${displayName(p)} is a folder.`;
    if (e.linkTarget === undefined || (e.type !== 'hardlink' && e.type !== 'symlink'))
      return `${displayName(p)} is not a file, folder or link (a device or FIFO): it holds no data.`;
    via = { path: p, target: e.linkTarget };
    if (e.type === 'hardlink') p = normalise(e.linkTarget);
    else {
      const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
      p = e.linkTarget.startsWith('/') ? normalise(e.linkTarget) : normalise(`${dir}/${e.linkTarget}`);
    }
  }
  return `The links from ${displayName(path)} do not reach a file within ${MAX_HOPS} steps (a loop?).`;
}

function normalise(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
