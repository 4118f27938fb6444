/**
 * Readiness for eBPF tools (bcc, bpftrace) and out-of-tree module builds: does this header archive
 * hold what they need? Four checks, each with what it found and what that means, in a sentence.
 * Used by the CLI's --check and the page's Checks panel. Pure: entries and facts in, verdicts out.
 */
import type { InspectResult, TarEntry } from './types';

export interface Check {
  id: 'files' | 'symlinks' | 'version' | 'config';
  title: string;
  /** true passed, false failed, null not applicable (e.g. no image banner to compare with). */
  ok: boolean | null;
  /** What was found, in a sentence. */
  found: string;
  /** What it means for a build, in a sentence. */
  meaning: string;
  /** The paths behind a failure: missing files, or dangling links with their target and why. */
  items: CheckItem[];
}

/** A missing file (`path` only) or a link that does not resolve (`target`, `why`). */
export interface CheckItem {
  path: string;
  target?: string;
  why?: string;
}

/** pass, fail, or warn: the check could not be made (e.g. no image banner to compare with). */
export type Verdict = 'pass' | 'warn' | 'fail';
export const verdictOf = (c: Pick<Check, 'ok'>): Verdict =>
  c.ok === true ? 'pass' : c.ok === false ? 'fail' : 'warn';

/** One item as a line of text (unescaped; callers apply the name policy). */
export const itemText = (i: CheckItem): string =>
  i.target === undefined ? i.path : `${i.path} -> ${i.target}${i.why ? ` (${i.why})` : ''}`;

/** Files a BCC-style build reads (bcc's kbuild flags include kconfig.h and the generated headers). */
function requiredFiles(arch: string | null): string[] {
  return [
    'include/linux/kconfig.h',
    'include/generated/autoconf.h',
    'include/generated/uapi/linux/version.h',
    'include/generated/utsrelease.h',
    ...(arch ? [`arch/${arch}/include/generated`] : []),
  ];
}

const MAX_HOPS = 40;

/** Resolves archive paths through the archive's own links, as the file system would after extraction. */
class ArchivePaths {
  private readonly byPath = new Map<string, TarEntry>();
  private readonly dirs = new Set<string>(['']);

  constructor(entries: readonly TarEntry[]) {
    for (const e of entries) {
      this.byPath.set(e.path, e);
      for (let i = e.path.indexOf('/'); i >= 0; i = e.path.indexOf('/', i + 1))
        this.dirs.add(e.path.slice(0, i));
      if (e.type === 'dir') this.dirs.add(e.path);
    }
  }

  /** The entry type a path ends at ('dir' for implied folders), or why it does not resolve. */
  resolve(path: string): { type: TarEntry['type'] } | { error: string } {
    const todo = path.split('/').reverse();
    const cur: string[] = [];
    let hops = 0;
    while (todo.length) {
      const c = todo.pop()!;
      if (c === '' || c === '.') continue;
      if (c === '..') {
        if (cur.length === 0) return { error: 'leaves the archive' };
        cur.pop();
        continue;
      }
      cur.push(c);
      const p = cur.join('/');
      const e = this.byPath.get(p);
      if (e?.type === 'symlink' || e?.type === 'hardlink') {
        const t = e.linkTarget ?? '';
        if (++hops > MAX_HOPS) return { error: 'a link loop' };
        if (t.startsWith('/')) return { error: 'absolute target, outside the archive' };
        cur.pop();
        if (e.type === 'hardlink') cur.length = 0;
        todo.push(...t.split('/').reverse());
      } else if (!e && !this.dirs.has(p)) return { error: 'missing' };
    }
    const p = cur.join('/');
    return { type: this.byPath.get(p)?.type ?? 'dir' };
  }
}

const release = (banner: string | null): string | null =>
  /^Linux version (\S+)/.exec(banner ?? '')?.[1] ?? null;

const NO_HEADERS = 'No kernel header archive was found, so there is nothing to build against.';

/** The files a build includes first: kconfig.h, autoconf.h, the version headers, arch generated. */
function filesCheck(r: InspectResult, paths: ArchivePaths): Check {
  const arch = r.headers?.arch ?? null;
  const missing = requiredFiles(arch).filter((p) => 'error' in paths.resolve(p));
  return {
    id: 'files',
    title: 'Build files',
    ok: r.headers ? missing.length === 0 && arch !== null : false,
    found: !r.headers
      ? NO_HEADERS
      : missing.length === 0 && arch
        ? `kconfig.h, autoconf.h, the version headers and arch/${arch}/include/generated are all there.`
        : `${missing.length + (arch ? 0 : 1)} of the files a build needs are missing${arch ? '' : ' (no arch/<arch>/ folder)'}.`,
    meaning:
      missing.length === 0 && arch
        ? 'bcc, bpftrace and module builds find the headers they include first.'
        : 'A build fails early, e.g. "fatal error: ./include/linux/kconfig.h file not found".',
    items: r.headers ? missing.map((path) => ({ path })) : [],
  };
}

/** Every symlink and hardlink resolves inside the archive. */
function linksCheck(r: InspectResult, paths: ArchivePaths): Check {
  const dangling: CheckItem[] = [];
  let links = 0;
  for (const e of r.entries) {
    if (e.type !== 'symlink' && e.type !== 'hardlink') continue;
    links++;
    const res = paths.resolve(e.path);
    if ('error' in res) dangling.push({ path: e.path, target: e.linkTarget ?? '', why: res.error });
  }
  return {
    id: 'symlinks',
    title: 'Links',
    ok: r.headers ? dangling.length === 0 : null,
    found: !r.headers
      ? NO_HEADERS
      : dangling.length > 0
        ? `${dangling.length} of ${links} ${links === 1 ? 'link does' : 'links do'} not resolve inside the archive.`
        : links === 0
          ? 'The archive holds no links.'
          : links === 1
            ? 'The one link resolves inside the archive.'
            : `All ${links} links resolve inside the archive.`,
    meaning:
      dangling.length === 0
        ? 'Every header reached through a link is really there after extraction.'
        : 'A file included through one of these links is missing after extraction (the Android case: links where the headers should be).',
    items: dangling,
  };
}

/** The headers' version against the image banner's, when the file holds both. */
function versionCheck(r: InspectResult): Check {
  const headerVersion = r.headers?.kernelVersion ?? null;
  const imageVersion = release(r.kernel.banner);
  const both = headerVersion !== null && imageVersion !== null;
  return {
    id: 'version',
    title: 'Version',
    ok: both ? headerVersion === imageVersion : null,
    found: both
      ? headerVersion === imageVersion
        ? `The headers and the image banner both say ${headerVersion}.`
        : `The headers say ${headerVersion}, the image banner says ${imageVersion}.`
      : `Only ${headerVersion ? `the headers say ${headerVersion}` : imageVersion ? `the image banner says ${imageVersion}` : 'neither headers nor a banner give a version'}; nothing to compare.`,
    meaning: both
      ? headerVersion === imageVersion
        ? 'These headers were built for this kernel.'
        : 'These headers belong to another kernel: structure layouts and kernel functions may differ.'
      : 'The match can only be checked when the file holds both an image and headers.',
    items: [],
  };
}

function configCheck(r: InspectResult): Check {
  return {
    id: 'config',
    title: 'Config',
    ok: r.config !== null,
    found: r.config
      ? `A config with ${r.config.options} set options (${r.config.source === 'autoconf' ? 'rebuilt from autoconf.h' : r.config.source === 'file' ? 'the file itself' : 'IKCONFIG'}).`
      : 'No kernel config was found.',
    meaning: r.config
      ? 'Tools can tell which kernel features (BPF, kprobes, BTF …) this kernel has.'
      : 'Tools cannot check which features this kernel was built with.',
    items: [],
  };
}

export function readinessChecks(r: InspectResult): Check[] {
  const paths = new ArchivePaths(r.entries);
  return [filesCheck(r, paths), linksCheck(r, paths), versionCheck(r), configCheck(r)];
}

/** Every applicable check passed. */
export const checksPass = (cs: readonly Check[]): boolean => cs.every((c) => c.ok !== false);
