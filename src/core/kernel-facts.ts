/**
 * Kernel facts from a kheaders tree: the architecture (the single `arch/<x>/` folder) and the
 * version, from include/generated/utsrelease.h (UTS_RELEASE, e.g. "6.1.0-56-amd64") or else
 * include/generated/uapi/linux/version.h (LINUX_VERSION_CODE → "6.1.192"; the MAJOR/PATCHLEVEL/
 * SUBLEVEL macros when present, because the code clamps the sublevel at 255).
 * When include/generated/compile.h and utsversion.h are there too, the `linux_banner` is rebuilt.
 */
import { findNode } from './tree';
import type { KernelFacts, TreeNode } from './types';

interface HeaderFacts extends KernelFacts {
  /** "a.b.c" from uapi/linux/version.h, even when UTS_RELEASE gave `version`. */
  linuxVersion: string | null;
  /** UTS_MACHINE from compile.h, e.g. "x86_64". */
  machine: string | null;
  /** Where `version` came from. */
  versionSource: 'utsrelease.h' | 'version.h' | null;
}

export type FileReader = (path: string) => Uint8Array | null;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** `#define NAME value` → value with surrounding quotes removed; null when absent. */
export function defineValue(text: string, name: string): string | null {
  const m = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+(.*?)[ \\t]*$`, 'm').exec(text);
  if (!m) return null;
  const v = m[1]!;
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

function readText(read: FileReader, path: string): string | null {
  try {
    const b = read(path);
    return b ? decoder.decode(b) : null;
  } catch {
    return null;
  }
}

function archFromTree(root: TreeNode): string | null {
  const arch = findNode(root, 'arch');
  const dirs = arch?.children?.filter((c) => c.type === 'dir') ?? [];
  return dirs.length === 1 ? dirs[0]!.name : null;
}

/** "a.b.c" from version.h text, or null. */
export function versionFromVersionH(text: string): string | null {
  const major = defineValue(text, 'LINUX_VERSION_MAJOR');
  const patch = defineValue(text, 'LINUX_VERSION_PATCHLEVEL');
  const sub = defineValue(text, 'LINUX_VERSION_SUBLEVEL');
  if (major && patch && sub && [major, patch, sub].every((x) => /^\d+$/.test(x)))
    return `${major}.${patch}.${sub}`;
  const code = defineValue(text, 'LINUX_VERSION_CODE');
  if (!code || !/^\d+$/.test(code)) return null;
  const c = Number(code);
  return `${c >> 16}.${(c >> 8) & 0xff}.${c & 0xff}`;
}

export function kernelFactsFromHeaders(root: TreeNode, read: FileReader): HeaderFacts {
  const facts: HeaderFacts = {
    version: null,
    banner: null,
    arch: archFromTree(root),
    linuxVersion: null,
    machine: null,
    versionSource: null,
  };
  const uts = readText(read, 'include/generated/utsrelease.h');
  const release = uts ? defineValue(uts, 'UTS_RELEASE') : null;
  const vh = readText(read, 'include/generated/uapi/linux/version.h');
  facts.linuxVersion = vh ? versionFromVersionH(vh) : null;
  if (release) {
    facts.version = release;
    facts.versionSource = 'utsrelease.h';
  } else if (facts.linuxVersion) {
    facts.version = facts.linuxVersion;
    facts.versionSource = 'version.h';
  }
  const compile = readText(read, 'include/generated/compile.h');
  if (compile) facts.machine = defineValue(compile, 'UTS_MACHINE');
  // init/version.c: "Linux version " UTS_RELEASE " (" LINUX_COMPILE_BY "@" LINUX_COMPILE_HOST ") ("
  //                 LINUX_COMPILER ") " UTS_VERSION
  const utsv = readText(read, 'include/generated/utsversion.h') ?? compile;
  const version = utsv ? defineValue(utsv, 'UTS_VERSION') : null;
  const by = compile ? defineValue(compile, 'LINUX_COMPILE_BY') : null;
  const host = compile ? defineValue(compile, 'LINUX_COMPILE_HOST') : null;
  const cc = compile ? defineValue(compile, 'LINUX_COMPILER') : null;
  if (release && version && by && host && cc)
    facts.banner = `Linux version ${release} (${by}@${host}) (${cc}) ${version}`;
  return facts;
}
