import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeTar, normalizeTarPath, readTar } from './tar';
import { writeTar } from './tar-write';

const dir = join(__dirname, '../../test/fixtures/tar');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));

interface RefEntry {
  name: string;
  path: string;
  type: string;
  size: number;
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
  offset: number;
  offset_data: number;
  /** Data runs of a sparse file, [offset, length] (runs of length 0 left out). */
  sparse?: [number, number][];
  linkTarget?: string;
}
interface Reference {
  archives: Record<string, RefEntry[]>;
  damaged: Record<string, { entries: number; error: { code: string; offset: number; severity: string } }>;
}
const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Reference;

describe('readTar against the Python tarfile reference', () => {
  for (const [name, expected] of Object.entries(ref.archives)) {
    it(name, () => {
      const bytes = load(name);
      const { entries, errors, end } = readTar(bytes);
      expect(errors).toEqual([]);
      expect(end % 512).toBe(0);
      expect(end).toBeLessThanOrEqual(bytes.length);
      expect(entries.length).toBe(expected.length);
      entries.forEach((e, i) => {
        const r = expected[i]!;
        const want = {
          path: r.path,
          type: r.type,
          size: r.type === 'dir' ? 0 : r.size,
          mode: r.mode,
          mtime: r.mtime,
          uid: r.uid,
          gid: r.gid,
          // A sparse file's data starts after its map (extension blocks, or pax 1.0's map block).
          headerOffset: r.sparse ? e.headerOffset : r.offset_data - 512,
          dataOffset: r.type === 'file' ? r.offset_data : 0,
          ...(r.linkTarget !== undefined ? { linkTarget: r.linkTarget } : {}),
          ...(r.sparse ? { sparse: r.sparse } : {}),
        };
        expect(e).toEqual(want);
      });
    });
  }

  it('gives file data as offsets into the same buffer (zero copy)', () => {
    const bytes = load('edge-gnu.tar');
    const { entries } = readTar(bytes);
    const get = (p: string) => entries.find((e) => e.path === p)!;
    const text = (p: string) =>
      new TextDecoder().decode(bytes.subarray(get(p).dataOffset, get(p).dataOffset + get(p).size));
    expect(text('hello.txt'.replace('hello', 'hello-hardlink'))).toBe('hello, tar\n');
    expect(text('ünïcödé/файл_日本.h')).toBe('#define UNICODE 1\n');
    const b = get('block512.bin');
    expect(b.size).toBe(512);
    expect(bytes.subarray(b.dataOffset, b.dataOffset + 512).every((c) => c === 0x61)).toBe(true);
    expect(get('empty.txt').size).toBe(0);
  });

  it('reads the long names of every format the same way', () => {
    const paths = (n: string) =>
      readTar(load(n)).entries.map((e) => `${e.type} ${e.path} ${e.linkTarget ?? ''}`);
    const gnu = paths('edge-gnu.tar');
    expect(paths('edge-pax.tar')).toEqual(gnu);
    const ustar = paths('edge-ustar.tar');
    expect(gnu.filter((p) => !p.includes('gnu-only'))).toEqual(ustar);
    expect(gnu.some((p) => / deep\/.{169}$/.test(p.trim()))).toBe(true); // the 174-char path
    const link = readTar(load('edge-gnu.tar')).entries.find((e) => e.path === 'gnu-only/long-target-link')!;
    expect(link.linkTarget!.length).toBe(174);
    expect(ustar.some((p) => p.startsWith('file prefix/') && p.trim().length === 'file '.length + 143)).toBe(
      true,
    );
  });

  it('reads a reader-independent subarray (byteOffset ≠ 0, unaligned)', () => {
    const bytes = load('edge-pax.tar');
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    const a = readTar(bytes);
    const b = readTar(padded.subarray(3));
    expect(b.errors).toEqual([]);
    expect(b.entries.map((e) => [e.path, e.dataOffset])).toEqual(
      a.entries.map((e) => [e.path, e.dataOffset]),
    );
  });
});

describe('readTar on damaged archives', () => {
  for (const [name, want] of Object.entries(ref.damaged)) {
    it(name, () => {
      const { entries, errors } = readTar(load(name));
      expect(entries.length).toBe(want.entries);
      expect(errors.length).toBe(1);
      expect(errors[0]).toMatchObject(want.error);
      expect(errors[0]!.message.length).toBeGreaterThan(10);
      // Everything before the damage matches the intact archive.
      const intact = readTar(load('kheaders-small.tar')).entries.slice(0, want.entries);
      expect(entries).toEqual(intact);
    });
  }

  it('returns an error, not an exception, for empty and garbage input', () => {
    expect(readTar(new Uint8Array(0)).errors[0]!.code).toBe('truncated');
    const junk = new Uint8Array(2048).map((_, i) => (i * 7919) & 0xff);
    const r = readTar(junk);
    expect(r.entries).toEqual([]);
    expect(r.errors[0]).toMatchObject({ code: 'corrupt', offset: 0, severity: 'error' });
  });

  it('stops at a lone zero block with a warning', () => {
    const bytes = load('kheaders-small.no-eof.tar');
    const withOne = new Uint8Array(bytes.length + 512);
    withOne.set(bytes);
    const r = readTar(withOne);
    expect(r.entries.length).toBe(ref.damaged['kheaders-small.no-eof.tar']!.entries);
    expect(r.errors).toMatchObject([{ code: 'truncated', severity: 'warning', offset: bytes.length }]);
  });

  it('treats a short run of zero padding at the end like a missing end-of-archive', () => {
    const bytes = load('kheaders-small.no-eof.tar');
    const withPad = new Uint8Array(bytes.length + 300);
    withPad.set(bytes);
    const r = readTar(withPad);
    expect(r.entries.length).toBe(ref.damaged['kheaders-small.no-eof.tar']!.entries);
    expect(r.errors).toMatchObject([{ code: 'truncated', severity: 'warning' }]);
  });

  it('accepts the signed-sum checksum variant', () => {
    const bytes = load('edge-ustar.tar').slice();
    const e = readTar(bytes).entries.find((x) => x.path === 'ünïcödé/файл_日本.h')!;
    const h = e.headerOffset;
    let signed = 0;
    for (let i = h; i < h + 512; i++)
      signed += i >= h + 148 && i < h + 156 ? 32 : bytes[i]! > 127 ? bytes[i]! - 256 : bytes[i]!;
    const field = signed.toString(8).padStart(6, '0') + '\0 ';
    for (let i = 0; i < 8; i++) bytes[h + 148 + i] = field.charCodeAt(i);
    const r = readTar(bytes);
    expect(r.errors).toEqual([]);
    expect(r.entries.find((x) => x.headerOffset === h)!.path).toBe('ünïcödé/файл_日本.h');
  });
});

describe('pax records', () => {
  it('applies a global (g) header to every later entry, and x records override it', () => {
    const t = writeTar([
      { path: 'a.h', type: 'file', size: 1, data: new Uint8Array([65]), mode: 0o644, mtime: -5 }, // x: mtime=-5
      { path: 'b.h', type: 'file', size: 0, mode: 0o644, mtime: 7 },
    ]);
    // Turn the x header of a.h into a g header (with a fixed checksum): its mtime applies to both.
    t[156] = 0x67;
    let sum = 256;
    for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += t[i]!;
    const field = sum.toString(8).padStart(6, '0') + '\0 ';
    for (let i = 0; i < 8; i++) t[148 + i] = field.charCodeAt(i);
    const r = readTar(t);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.path, e.mtime])).toEqual([
      ['a.h', -5],
      ['b.h', -5],
    ]);
    const x = writeTar([{ path: 'c.h', type: 'file', size: 0, mode: 0o644, mtime: 1.25 }]);
    expect(readTar(x).entries[0]!.mtime).toBe(1.25);
  });
});

describe('looksLikeTar', () => {
  it('accepts ustar, gnu and v7 headers', () => {
    for (const n of ['edge-gnu.tar', 'edge-pax.tar', 'edge-ustar.tar', 'edge-v7.tar', 'kheaders-small.tar'])
      expect(looksLikeTar(load(n))).toBe(true);
  });
  it('rejects other data', () => {
    expect(looksLikeTar(new Uint8Array(1024))).toBe(false);
    expect(looksLikeTar(load('kheaders-small.tar.xz'))).toBe(false);
    expect(looksLikeTar(new TextEncoder().encode('#define X 1\n'.repeat(100)))).toBe(false);
    const bad = load('kheaders-small.tar').slice();
    bad[3] = bad[3]! ^ 1;
    expect(looksLikeTar(bad)).toBe(false);
  });
});

describe('normalizeTarPath', () => {
  it.each([
    ['./', ''],
    ['.', ''],
    ['./include/linux/', 'include/linux'],
    ['/abs//x.h', 'abs/x.h'],
    ['./a/./b', 'a/b'],
    ['include/x.h', 'include/x.h'],
    ['././a', 'a'],
  ])('%s → %s', (input, out) => expect(normalizeTarPath(input)).toBe(out));
});
