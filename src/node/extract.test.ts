/**
 * --extract's writer against GNU tar: the same tree (types, modes, mtimes, link targets, bytes) as
 * `tar -xpf` of the decompressed archive; and on hostile archives and a hostile DIR, nothing
 * written outside DIR.
 */
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspect, type Inspection } from '../core/inspect';
import { bytesSource } from '../core/source';
import { writeTar } from '../core/tar-write';
import { extractTree } from './extract';
import { escapes, gnuTar, snapshot } from '../../test/kit/tree-check';

const box = mkdtempSync(join(tmpdir(), 'khi-extract-'));
// rm -rf: Node's recursive rm overflows its stack on deep.tar.xz's 10,000 nested folders.
afterAll(() => execFileSync('rm', ['-rf', box]));
let n = 0;
const fresh = (): string => join(box, `t${n++}`);

const open = (path: string): Promise<Inspection> =>
  inspect(bytesSource(new Uint8Array(readFileSync(path)), path));

describe('extractTree equals tar -xpf of the decompressed archive', () => {
  const cases = [
    'test/fixtures/e2e/kheaders.tar.xz',
    'test/fixtures/e2e/bzImage-fixture.bin',
    'test/fixtures/tar/edge-gnu.tar',
    'test/fixtures/tar/edge-pax.tar',
    'test/fixtures/tar/edge-ustar.tar',
    'test/fixtures/tar/gnu-base256.tar',
    'test/fixtures/tar/sparse-gnu.tar',
    'test/fixtures/tar/sparse-pax10.tar',
    'test/fixtures/tar/sparse-pax01.tar',
    'test/fixtures/tar/sparse-pax00.tar',
  ];
  it.each(cases)('%s', async (path) => {
    const i = await open(path);
    const out = fresh();
    const sum = extractTree(i.result.entries, i.tar!, out);
    expect(sum.skipped).toEqual([]);
    expect(snapshot(out)).toEqual(snapshot(gnuTar(i.tar!, fresh())));
  });

  it('mtimes before 1970 are set as stored (Node would set "now" for a negative number)', async () => {
    const data = new TextEncoder().encode('old\n');
    const tar = writeTar([
      { path: 'old/', type: 'dir', size: 0, mode: 0o755, mtime: -18_489_600 },
      { path: 'old/a.h', type: 'file', data, size: data.length, mode: 0o644, mtime: -1 },
      { path: 'old/l.h', type: 'symlink', size: 0, mode: 0o777, mtime: -86_400, linkTarget: 'a.h' },
    ]);
    const i = await inspect(bytesSource(tar, 'old.tar'));
    const out = fresh();
    expect(extractTree(i.result.entries, i.tar!, out).skipped).toEqual([]);
    expect(snapshot(out)).toEqual(snapshot(gnuTar(i.tar!, fresh())));
    expect(snapshot(out)['old/a.h']).toMatch(/^file 644 -1 /);
  });

  it('extracting again over the same folder gives the same tree', async () => {
    const i = await open('test/fixtures/e2e/kheaders.tar.xz');
    const out = fresh();
    extractTree(i.result.entries, i.tar!, out);
    writeFileSync(join(out, 'include/linux/sched.h'), 'changed');
    extractTree(i.result.entries, i.tar!, out);
    expect(snapshot(out)).toEqual(snapshot(gnuTar(i.tar!, fresh())));
  });
});

describe('extractTree never writes outside DIR', () => {
  const hostile = 'test/fixtures/hostile';
  it.each(['names.tar.xz', 'deep.tar.xz', 'size-past-end.tar', 'size-pax.tar'])('%s', async (name) => {
    const i = await open(join(hostile, name));
    const root = fresh();
    const out = join(root, 'a/b/c/d/e/out');
    extractTree(i.result.entries, i.tar!, out);
    expect(escapes(root, out)).toEqual({ outside: [], badLinks: [] });
  });

  it('names.tar.xz: the unsafe entries are left out and named', async () => {
    const i = await open(join(hostile, 'names.tar.xz'));
    const { skipped } = extractTree(i.result.entries, i.tar!, fresh());
    expect(skipped.map((s) => s.path)).toEqual(
      expect.arrayContaining(['../../etc/passwd', 'include/abs-link', 'include/climb', 'include/hard-out']),
    );
  });

  it('links already in DIR are replaced, never written through', async () => {
    const i = await open('test/fixtures/e2e/kheaders.tar.xz');
    const root = fresh();
    const out = join(root, 'out');
    const victim = join(root, 'victim');
    mkdirSync(join(victim, 'linux'), { recursive: true });
    mkdirSync(join(out, 'include'), { recursive: true });
    symlinkSync(join(victim, 'linux'), join(out, 'include/linux'));
    symlinkSync(join(victim, 'sched.h'), join(out, 'include/sched.h'));
    symlinkSync(victim, join(out, 'arch'));
    extractTree(i.result.entries, i.tar!, out);
    expect(readdirSync(victim)).toEqual(['linux']);
    expect(readdirSync(join(victim, 'linux'))).toEqual([]);
    expect(lstatSync(join(out, 'include/linux')).isDirectory()).toBe(true);
    expect(lstatSync(join(out, 'arch')).isDirectory()).toBe(true);
  });
});
