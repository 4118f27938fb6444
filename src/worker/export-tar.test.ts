import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileData, readTar, SPARSE_MAX } from '../core/tar';
import type { TarEntry } from '../core/types';
import { writeTar } from '../core/tar-write';
import { entriesUnder, exportFolder } from './export-tar';

const enc = new TextEncoder();
const src = writeTar([
  { path: 'include', type: 'dir', size: 0, mode: 0o755, mtime: 1000 },
  { path: 'include/linux', type: 'dir', size: 0, mode: 0o755, mtime: 1000 },
  { path: 'include/linux/a.h', type: 'file', size: 3, data: enc.encode('abc'), mode: 0o644, mtime: 1234 },
  {
    path: 'include/linux/' + 'x'.repeat(120) + '.h',
    type: 'file',
    size: 2,
    data: enc.encode('hi'),
    mode: 0o600,
    mtime: 99,
  },
  { path: 'include/linuxish.h', type: 'file', size: 1, data: enc.encode('z'), mode: 0o644, mtime: 1 },
  { path: 'include/linux/l.h', type: 'symlink', size: 0, mode: 0o777, mtime: 5, linkTarget: 'a.h' },
]);

describe('exportFolder', () => {
  const { entries } = readTar(src);
  it('selects the folder and what is below it, not name prefixes', () => {
    expect(entriesUnder(entries, 'include/linux').map((e) => e.path)).toEqual([
      'include/linux',
      'include/linux/a.h',
      'include/linux/' + 'x'.repeat(120) + '.h',
      'include/linux/l.h',
    ]);
    expect(entriesUnder(entries, '').length).toBe(entries.length);
  });
  it('round-trips names, bytes, modes, mtimes and links', () => {
    const { tar: bytes, skipped } = exportFolder(entries, src, 'include/linux');
    expect(skipped).toEqual([]);
    const out = readTar(bytes);
    expect(out.errors).toEqual([]);
    const want = entriesUnder(entries, 'include/linux');
    const strip = (b: Uint8Array, e: (typeof want)[number]) => ({
      path: e.path,
      type: e.type,
      mode: e.mode,
      mtime: e.mtime,
      link: e.linkTarget,
      data: Array.from(b.subarray(e.dataOffset, e.dataOffset + (e.type === 'file' ? e.size : 0))),
    });
    expect(out.entries.map((e) => strip(bytes, e))).toEqual(want.map((e) => strip(src, e)));
  });
});

describe('exportFolder and sparse files', () => {
  const sparse = new Uint8Array(readFileSync('test/fixtures/tar/sparse-gnu.tar'));
  const listed = readTar(sparse).entries;
  it('fills a sparse file in: the export holds it as a plain file with its holes as zeros', () => {
    const { tar, skipped } = exportFolder(listed, sparse, '');
    expect(skipped).toEqual([]);
    const out = readTar(tar).entries.find((e) => e.path === 'holes.bin')!;
    const orig = listed.find((e) => e.path === 'holes.bin')!;
    expect(out.sparse).toBeUndefined();
    expect(Buffer.from(tar.subarray(out.dataOffset, out.dataOffset + out.size))).toEqual(
      Buffer.from(fileData(sparse, orig)!),
    );
  });
  it('fills in SPARSE_MAX bytes of sparse files at most, for all of them together', () => {
    const holes = listed.find((e) => e.path === 'holes.bin')!;
    // Two sparse files each just over half the limit (a map may claim any real size).
    const big = (path: string): TarEntry => ({ ...holes, path, size: SPARSE_MAX / 2 + 1 });
    const { tar, skipped } = exportFolder([big('a.bin'), big('b.bin')], sparse, '');
    expect(readTar(tar).entries.map((e) => [e.path, e.size])).toEqual([['a.bin', SPARSE_MAX / 2 + 1]]);
    expect(skipped).toEqual([{ path: 'b.bin', reason: 'a sparse file too large to fill in' }]);
  });
});
