import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar } from './tar';
import { writeTar, type TarWriteEntry } from './tar-write';

const enc = new TextEncoder();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'khi-tar-write-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const T = 1794787200;
const long174 =
  'export/' + ['a'.repeat(50), 'b'.repeat(50), 'c'.repeat(50)].join('/') + '/' + 'f'.repeat(14) + '.h';
const long300 = 'export/' + Array.from({ length: 6 }, (_, i) => String(i).repeat(48)).join('/') + '/z.h';
const comp122 = 'export/' + 'k'.repeat(120) + '.h';
const unicode = 'export/ünï/файл_日本.h';
const target174 = '../' + 't'.repeat(171);
const block = new Uint8Array(512).fill(0x61);

const entries: TarWriteEntry[] = [
  { path: 'export', type: 'dir', size: 0, mode: 0o755, mtime: T },
  { path: 'export/empty-dir/', type: 'dir', size: 0, mode: 0o700, mtime: T - 10 },
  { path: 'export/empty.h', type: 'file', size: 0, data: new Uint8Array(0), mode: 0o644, mtime: 0 },
  { path: 'export/block512.bin', type: 'file', size: 512, data: block, mode: 0o600, mtime: T },
  {
    path: 'export/run.sh',
    type: 'file',
    size: 10,
    data: enc.encode('#!/bin/sh\n'),
    mode: 0o755,
    mtime: T + 1,
  },
  { path: long174, type: 'file', size: 5, data: enc.encode('long\n'), mode: 0o644, mtime: T },
  { path: long300, type: 'file', size: 4, data: enc.encode('300\n'), mode: 0o644, mtime: T },
  { path: comp122, type: 'file', size: 4, data: enc.encode('122\n'), mode: 0o644, mtime: T },
  { path: unicode, type: 'file', size: 8, data: enc.encode('日本\n'), mode: 0o644, mtime: 1700000000.5 },
  { path: 'export/old.h', type: 'file', size: 4, data: enc.encode('old\n'), mode: 0o444, mtime: -1000 },
  { path: 'export/link-long', type: 'symlink', size: 0, mode: 0o777, mtime: T, linkTarget: target174 },
  { path: 'export/link.h', type: 'symlink', size: 0, mode: 0o777, mtime: T, linkTarget: 'run.sh' },
  {
    path: 'export/hard.sh',
    type: 'hardlink',
    size: 0,
    mode: 0o755,
    mtime: T + 1,
    linkTarget: 'export/run.sh',
  },
];
const tarBytes = writeTar(entries);
const tarFile = path.join(tmp, 'out.tar');
fs.writeFileSync(tarFile, tarBytes);

describe('writeTar', () => {
  it('is read back exactly by readTar', () => {
    const r = readTar(tarBytes);
    expect(r.errors).toEqual([]);
    expect(r.end).toBe(tarBytes.length);
    expect(r.entries.map((e) => [e.path, e.type, e.size, e.mode, e.mtime, e.linkTarget])).toEqual(
      entries.map((e) => [
        e.path.replace(/\/$/, ''),
        e.type,
        e.type === 'file' ? e.data!.length : 0,
        e.mode,
        e.mtime,
        e.type === 'symlink' || e.type === 'hardlink' ? e.linkTarget : undefined,
      ]),
    );
    for (const [i, e] of r.entries.entries()) {
      if (e.type === 'file')
        expect(tarBytes.subarray(e.dataOffset, e.dataOffset + e.size)).toEqual(entries[i]!.data);
    }
  });

  it('is listed by GNU tar without warnings', () => {
    const res = spawnSync('tar', ['--numeric-owner', '-tvf', tarFile], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' },
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines.length).toBe(entries.length);
    expect(lines[0]).toMatch(/^drwxr-xr-x 0\/0 +0 2026-11-16 00:00 export\/$/);
    expect(lines[3]).toMatch(/^-rw------- 0\/0 +512 2026-11-16 00:00 export\/block512.bin$/);
    expect(lines.find((l) => l.includes('link-long'))).toContain(`-> ${target174}`);
    expect(lines.find((l) => l.includes('hard.sh'))).toMatch(
      /^hrwxr-xr-x .* export\/hard.sh link to export\/run.sh$/,
    );
    expect(res.stdout).toContain(long300);
    expect(res.stdout).toContain(comp122);
  });

  it('is extracted by GNU tar with the same bytes, modes, mtimes and links', () => {
    const dest = path.join(tmp, 'x');
    fs.mkdirSync(dest);
    execFileSync('tar', ['-xpf', tarFile, '-C', dest], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    for (const e of entries) {
      const p = path.join(dest, e.path);
      const st = fs.lstatSync(p);
      expect(st.mode & 0o7777, e.path).toBe(e.type === 'symlink' ? st.mode & 0o7777 : e.mode);
      if (e.type === 'file') {
        expect(new Uint8Array(fs.readFileSync(p))).toEqual(e.data);
        expect(st.mtimeMs / 1000, e.path).toBeCloseTo(e.mtime, 3);
      }
      if (e.type === 'dir') expect(st.isDirectory()).toBe(true);
      if (e.type === 'symlink') expect(fs.readlinkSync(p)).toBe(e.linkTarget);
      if (e.type === 'hardlink') expect(st.ino).toBe(fs.statSync(path.join(dest, e.linkTarget!)).ino);
    }
    expect(fs.statSync(path.join(dest, 'export/empty-dir')).mtimeMs / 1000).toBe(T - 10);
  });

  it('is read by Python tarfile the same way', () => {
    const py = `import json,sys,tarfile
print(json.dumps([[m.name,m.type.decode(),m.size,m.mode,m.mtime,m.linkname] for m in tarfile.open(sys.argv[1])]))`;
    const got = JSON.parse(execFileSync('python3', ['-c', py, tarFile]).toString()) as unknown[][];
    expect(got).toEqual(
      entries.map((e) => [
        e.path.replace(/\/$/, ''),
        { file: '0', dir: '5', symlink: '2', hardlink: '1' }[e.type],
        e.type === 'file' ? e.data!.length : 0,
        e.mode,
        e.mtime,
        e.linkTarget ?? '',
      ]),
    );
  });

  it('uses the ustar prefix when a long path splits, pax otherwise', () => {
    const one = (p: string) => writeTar([{ path: p, type: 'file', size: 0, mode: 0o644, mtime: 0 }]);
    expect(one(long174).length).toBe(512 + 1024); // header only: prefix + name
    expect(one(long300).length).toBe(3 * 512 + 1024); // pax header + record block + header
    expect(new TextDecoder().decode(one(long300).subarray(512, 1024))).toContain(`path=${long300}\n`);
    expect(one(comp122).length).toBe(3 * 512 + 1024);
  });

  it('writes the root folder as "./" and skips entries without a path', () => {
    const t = writeTar([
      { path: '', type: 'dir', size: 0, mode: 0o755, mtime: 5 },
      { path: '', type: 'file', size: 0, mode: 0o644, mtime: 5 },
      { path: 'a.h', type: 'file', size: 1, data: enc.encode('x'), mode: 0o644, mtime: 5 },
    ]);
    expect(readTar(t).entries.map((e) => [e.path, e.type])).toEqual([
      ['', 'dir'],
      ['a.h', 'file'],
    ]);
    expect(new TextDecoder().decode(t.subarray(0, 2))).toBe('./');
  });

  it('writes 5,000 files that read back', () => {
    const many: TarWriteEntry[] = [];
    for (let i = 0; i < 5000; i++)
      many.push({
        path: `include/d${i % 50}/f${i}.h`,
        type: 'file',
        size: 3000,
        data: new Uint8Array(3000).fill(i & 0xff),
        mode: 0o644,
        mtime: T,
      });
    const out = writeTar(many);
    expect(readTar(out).entries.length).toBe(5000);
  });
});

describe('writeTar refuses unsafe names and link targets', () => {
  it('skips them, reports each through onSkip and writes the rest', () => {
    const skipped: string[] = [];
    const e = (
      path: string,
      type: 'file' | 'dir' | 'symlink' | 'hardlink' = 'file',
      linkTarget?: string,
    ) => ({
      path,
      type,
      size: 0,
      mode: 0o644,
      mtime: 0,
      ...(linkTarget !== undefined ? { linkTarget } : {}),
    });
    const out = writeTar(
      [
        e('ok.h'),
        e('../x.h'),
        e('a/../../x.h'),
        e('a/nul\0b.h'),
        e('/abs/ok.h'),
        e('..', 'dir'),
        e('l1', 'symlink', '/etc/shadow'),
        e('l2', 'symlink', 'a\0b'),
        e('l3', 'symlink', '../up.h'),
        e('h1', 'hardlink', '../x'),
        e('h2', 'hardlink', 'ok.h'),
      ],
      (p) => skipped.push(p),
    );
    expect(skipped).toEqual(['../x.h', 'a/../../x.h', 'a/nul\0b.h', '..', 'l1', 'l2', 'h1']);
    // A relative target with ".." may stay inside the folder: planSafeExport decides (safe-paths.ts).
    expect(readTar(out).entries.map((x) => x.path)).toEqual(['ok.h', 'abs/ok.h', 'l3', 'h2']);
  });
});
