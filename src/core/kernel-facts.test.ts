import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineValue, kernelFactsFromHeaders, versionFromVersionH, type FileReader } from './kernel-facts';
import { readTar } from './tar';
import { buildTree } from './tree';
import type { TarEntry } from './types';

const bytes = new Uint8Array(readFileSync(join(__dirname, '../../test/fixtures/tar/kheaders-small.tar')));
const { entries } = readTar(bytes);
const root = buildTree(entries);
const readerFor = (list: TarEntry[], skip: string[] = []): FileReader => {
  const map = new Map(list.map((e) => [e.path, e]));
  return (p) => {
    const e = map.get(p);
    return e && e.type === 'file' && !skip.includes(p)
      ? bytes.subarray(e.dataOffset, e.dataOffset + e.size)
      : null;
  };
};

describe('kernelFactsFromHeaders', () => {
  it('reads arch, UTS_RELEASE, version.h and rebuilds the banner', () => {
    expect(kernelFactsFromHeaders(root, readerFor(entries))).toEqual({
      arch: 'x86',
      version: '6.1.0-56-amd64',
      versionSource: 'utsrelease.h',
      linuxVersion: '6.1.192',
      machine: 'x86_64',
      banner:
        'Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, ' +
        'GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)',
    });
  });
  it('falls back to version.h without utsrelease.h', () => {
    const f = kernelFactsFromHeaders(root, readerFor(entries, ['include/generated/utsrelease.h']));
    expect(f).toMatchObject({ version: '6.1.192', versionSource: 'version.h', banner: null });
  });
  it('gives nulls when nothing is there, and tolerates a throwing reader', () => {
    const empty = buildTree([]);
    expect(kernelFactsFromHeaders(empty, () => null)).toEqual({
      arch: null,
      version: null,
      versionSource: null,
      linuxVersion: null,
      machine: null,
      banner: null,
    });
    const thrower: FileReader = () => {
      throw new Error('boom');
    };
    expect(kernelFactsFromHeaders(root, thrower)).toMatchObject({ arch: 'x86', version: null });
  });
  it('has no arch when arch/ holds several folders', () => {
    const two = buildTree([...entries, { ...entries[1]!, path: 'arch/arm64', type: 'dir' }]);
    expect(kernelFactsFromHeaders(two, () => null).arch).toBeNull();
  });
});

describe('version.h and #define parsing', () => {
  it('decodes LINUX_VERSION_CODE when the split macros are missing (older kernels)', () => {
    expect(versionFromVersionH('#define LINUX_VERSION_CODE 330496\n')).toBe('5.11.0');
    expect(versionFromVersionH('#define LINUX_VERSION_CODE 393471\n')).toBe('6.0.255');
    expect(versionFromVersionH('#define KERNEL_VERSION(a,b,c) x\n')).toBeNull();
  });
  it('prefers MAJOR/PATCHLEVEL/SUBLEVEL (the code clamps the sublevel at 255)', () => {
    const t =
      '#define LINUX_VERSION_CODE 394239\n#define LINUX_VERSION_MAJOR 6\n#define LINUX_VERSION_PATCHLEVEL 1\n#define LINUX_VERSION_SUBLEVEL 300\n';
    expect(versionFromVersionH(t)).toBe('6.1.300');
  });
  it('reads quoted and tab-separated values', () => {
    expect(defineValue('#define UTS_MACHINE\t\t"x86_64"\n', 'UTS_MACHINE')).toBe('x86_64');
    expect(defineValue('# define  FOO 12 \n', 'FOO')).toBe('12');
    expect(defineValue('#define FOOBAR 1\n', 'FOO')).toBeNull();
  });
});
