/**
 * The include search path a kernel build uses for an architecture (the kernel Makefile's
 * LINUXINCLUDE + USERINCLUDE, as bcc's kbuild_helper passes them), and `#include` resolution
 * against it. The overview's "include flags" and the viewer's include links share this list.
 */

/** `-I` directories in search order, relative to the archive root. */
export function includeRoots(arch: string): string[] {
  return [
    `arch/${arch}/include`,
    `arch/${arch}/include/generated`,
    'include',
    `arch/${arch}/include/uapi`,
    `arch/${arch}/include/generated/uapi`,
    'include/uapi',
    'include/generated/uapi',
  ];
}

/** Compiler flags for the extracted archive, as bcc builds against /lib/modules/…/build. */
export function includeFlags(arch: string): string {
  return [
    ...includeRoots(arch).map((d) => `-I ${d}`),
    '-include include/linux/kconfig.h',
    '-D__KERNEL__',
  ].join(' ');
}

/** `a/b/../c/./d` → `a/c/d`; null when it climbs above the root. */
export function normalisePath(path: string): string | null {
  const out: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(p);
  }
  return out.join('/');
}

export interface IncludeResolution {
  /** The archive path the include names, or null when no candidate is in the archive. */
  path: string | null;
  /** Every candidate looked at, in order (for "not found" tooltips). */
  tried: string[];
}

/**
 * Resolve `#include <target>` (angle) or `#include "target"` (quoted) from the file `from`, as
 * GCC does: a quoted include looks in the including file's folder first, then both look through
 * the include roots of `arch` (only the plain `include` tree when the arch is unknown).
 */
export function resolveInclude(
  target: string,
  quoted: boolean,
  from: string,
  arch: string | null,
  exists: (path: string) => boolean,
): IncludeResolution {
  const tried: string[] = [];
  if (target === '' || target.startsWith('/') || target.length > 1024) return { path: null, tried };
  const dirs = arch ? includeRoots(arch) : ['include', 'include/uapi'];
  if (quoted) dirs.unshift(from.split('/').slice(0, -1).join('/'));
  for (const dir of dirs) {
    const p = normalisePath(dir === '' ? target : `${dir}/${target}`);
    if (p === null || tried.includes(p)) continue;
    tried.push(p);
    if (exists(p)) return { path: p, tried };
  }
  return { path: null, tried };
}
