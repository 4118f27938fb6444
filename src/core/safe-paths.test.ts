import { describe, expect, it } from 'vitest';
import { planSafeExport, unsafeNameReason } from './safe-paths';
import type { TarEntry } from './types';

let at = 0;
const ent = (path: string, type: TarEntry['type'] = 'file', linkTarget?: string): TarEntry => ({
  path,
  type,
  size: 0,
  mode: 0o644,
  mtime: 0,
  uid: 0,
  gid: 0,
  dataOffset: 0,
  headerOffset: 512 * at++,
  ...(linkTarget !== undefined ? { linkTarget } : {}),
});
const skippedOf = (entries: TarEntry[], folder = ''): string[] =>
  planSafeExport(entries, folder).skipped.map((s) => s.path);

describe('unsafeNameReason', () => {
  it('refuses empty, absolute, NUL and ".." names; allows dots inside names', () => {
    for (const p of ['', '/etc/passwd', 'C:/x', 'a/\0b', '..', '../x', 'a/../../x', 'a/..', 'a\\..\\..\\x'])
      expect(unsafeNameReason(p), p).not.toBeNull();
    for (const p of ['a', 'a/b.h', '...', 'a/..b/c', '.hidden', 'a/b..'])
      expect(unsafeNameReason(p), p).toBeNull();
  });
});

describe('planSafeExport', () => {
  it('keeps links that stay inside, skips absolute and climbing ones', () => {
    const entries = [
      ent('include', 'dir'),
      ent('include/ok.h'),
      ent('include/good', 'symlink', 'ok.h'),
      ent('include/sub/rel', 'symlink', '../ok.h'),
      ent('include/abs', 'symlink', '/etc/shadow'),
      ent('include/climb', 'symlink', '../../etc/shadow'),
      ent('include/nul', 'symlink', 'a\0b'),
      ent('include/empty', 'symlink', ''),
    ];
    expect(skippedOf(entries)).toEqual(['include/abs', 'include/climb', 'include/nul', 'include/empty']);
  });

  it('resolves through earlier links: up -> .. then up/../../x; skips names through a link', () => {
    const entries = [
      ent('include/up', 'symlink', '..'),
      ent('include/through', 'symlink', 'up/../../x.h'),
      ent('include/up2', 'symlink', 'up/..'),
      ent('include/up/inside.h'),
      ent('include/self', 'symlink', 'self'),
      ent('include/l1', 'symlink', 'l2'),
      ent('include/l2', 'symlink', 'l1'),
      ent('include/x', 'symlink', 'l1/f'),
    ];
    // Loops resolve nowhere: skipped too (at the end, once every link is known).
    expect(skippedOf(entries)).toEqual([
      'include/through',
      'include/up2',
      'include/up/inside.h',
      'include/self',
      'include/l1',
      'include/x',
    ]);
  });

  it('a later link can make an earlier one leave: checked again at the end', () => {
    const entries = [ent('a/t', 'symlink', 'b/../../x'), ent('a/b', 'symlink', '..')];
    expect(skippedOf(entries)).toEqual(['a/t']);
  });

  it('a folder export treats the folder as the root', () => {
    const entries = [
      ent('include/linux/a.h'),
      ent('include/linux/b', 'symlink', 'a.h'),
      ent('include/linux/c', 'symlink', '../asm/x.h'),
      ent('include/linux/up', 'symlink', '..'),
      ent('include/linux/h', 'hardlink', 'include/linux/a.h'),
      ent('include/linux/h2', 'hardlink', 'include/asm/x.h'),
    ];
    expect(skippedOf(entries, 'include/linux')).toEqual([
      'include/linux/c',
      'include/linux/up',
      'include/linux/h2',
    ]);
    expect(skippedOf(entries)).toEqual([]);
  });

  it('never writes at or through a kept link (tools differ there)', () => {
    const entries = [
      ent('a/x', 'symlink', '.'),
      ent('a/x', 'dir'),
      ent('a/x/y', 'symlink', '../../z'),
      ent('a/h', 'hardlink', 'a/x/f'),
      ent('a/f'),
    ];
    expect(skippedOf(entries)).toEqual(['a/x', 'a/x/y', 'a/h']);
  });

  it('handles a 10,000-level path without recursion', () => {
    const deep = 'd/'.repeat(10_000) + 'f';
    expect(skippedOf([ent(deep), ent(deep + '2', 'symlink', '../'.repeat(10_000) + 'f')])).toEqual([]);
    expect(skippedOf([ent(deep + '3', 'symlink', '../'.repeat(10_001) + 'f')])).toEqual([deep + '3']);
  });
});
