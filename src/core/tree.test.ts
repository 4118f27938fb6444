import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar } from './tar';
import {
  buildTree,
  compareNames,
  findNode,
  flattenVisible,
  formatBytes,
  formatSize,
  summarize,
  type Row,
} from './tree';
import type { TarEntry, TreeNode } from './types';

const dir = join(__dirname, '../../test/fixtures/tar');
const khBytes = new Uint8Array(readFileSync(join(dir, 'kheaders-small.tar')));
const kh = readTar(khBytes).entries;

let n = 0;
function ent(
  path: string,
  type: TarEntry['type'] = 'file',
  size = 0,
  extra: Partial<TarEntry> = {},
): TarEntry {
  return {
    path,
    type,
    size,
    mode: type === 'dir' ? 0o755 : 0o644,
    mtime: 1000,
    uid: 0,
    gid: 0,
    dataOffset: 0,
    headerOffset: 512 * n++,
    ...extra,
  };
}
const show = (rows: Row[]) =>
  rows.map((r) => `${'  '.repeat(r.depth)}${r.node.name} ${r.posInSet}/${r.setSize}`);
const allFolders = (root: TreeNode): Set<string> => {
  const s = new Set<string>();
  const walk = (x: TreeNode) => {
    if (x.children) {
      s.add(x.path);
      x.children.forEach(walk);
    }
  };
  walk(root);
  return s;
};

describe('buildTree on the kheaders-like fixture', () => {
  const root = buildTree(kh);
  it('aggregates sizes and counts', () => {
    const files = kh.filter((e) => e.type === 'file');
    expect(root.files).toBe(files.length);
    expect(root.files).toBe(12);
    expect(root.size).toBe(files.reduce((a, e) => a + e.size, 0));
    expect(root.dirs).toBe(kh.filter((e) => e.type === 'dir').length - 1); // minus the root "./"
    expect(root.entry).toBe(0);
    const arch = findNode(root, 'arch')!;
    const archFiles = files.filter((e) => e.path.startsWith('arch/'));
    expect(arch).toMatchObject({
      type: 'dir',
      files: 3,
      dirs: 5,
      size: archFiles.reduce((a, e) => a + e.size, 0),
    });
    expect(findNode(root, 'include/generated')).toMatchObject({
      files: 5,
      dirs: 2,
      size: 291 + 223 + 217 + 37 + 75,
    });
  });
  it('keeps symlinks as links', () => {
    const l = findNode(root, './include/dt-bindings/input/linux-event-codes.h/')!;
    expect(l).toMatchObject({
      type: 'symlink',
      files: 0,
      size: 0,
      linkTarget: '../../uapi/linux/input-event-codes.h',
    });
    expect(findNode(root, 'include/dt-bindings')).toMatchObject({ files: 0, dirs: 1, size: 0 });
  });
  it('sorts children by name and points back to entries', () => {
    expect(root.children!.map((c) => c.name)).toEqual(['arch', 'include']);
    expect(findNode(root, 'include/linux')!.children!.map((c) => c.name)).toEqual([
      'kernel.h',
      'sched.h',
      'types.h',
    ]);
    const k = findNode(root, 'include/linux/kernel.h')!;
    expect(kh[k.entry]!.path).toBe('include/linux/kernel.h');
    expect(k).toMatchObject({ mode: 0o644, mtime: 1794787200, files: 1 });
    expect(findNode(root, 'include/nope')).toBeNull();
    expect(findNode(root, 'include/linux/kernel.h/x')).toBeNull();
    expect(findNode(root, '')).toBe(root);
  });
});

describe('buildTree edge cases', () => {
  it('creates implied folders with entry -1', () => {
    const root = buildTree([ent('a/b/c.h', 'file', 10), ent('a/d.h', 'file', 5)]);
    expect(root).toMatchObject({ entry: -1, files: 2, dirs: 2, size: 15 });
    expect(findNode(root, 'a')).toMatchObject({ entry: -1, type: 'dir', files: 2, dirs: 1, size: 15 });
    expect(findNode(root, 'a')!.children!.map((c) => c.name)).toEqual(['b', 'd.h']);
  });
  it('lets the later of two duplicate paths win, like extraction', () => {
    const root = buildTree([
      ent('x.h', 'file', 10),
      ent('x.h', 'file', 3),
      ent('d', 'dir'),
      ent('d/y.h', 'file', 1),
      ent('d', 'dir', 0, { mode: 0o700 }),
    ]);
    expect(root.children!.length).toBe(2);
    expect(findNode(root, 'x.h')).toMatchObject({ size: 3, entry: 1 });
    expect(findNode(root, 'd')).toMatchObject({ entry: 4, mode: 0o700, files: 1 });
    expect(root.size).toBe(4);
    // A file replaces a folder (and what was under it); a later child turns a file into a folder.
    const r2 = buildTree([
      ent('d/y.h', 'file', 1),
      ent('d', 'file', 7),
      ent('f', 'file', 2),
      ent('f/z.h', 'file', 4),
    ]);
    expect(findNode(r2, 'd')).toMatchObject({ type: 'file', size: 7 });
    expect(findNode(r2, 'd/y.h')).toBeNull();
    expect(findNode(r2, 'f')).toMatchObject({ type: 'dir', entry: -1, files: 1, size: 4 });
    expect(r2).toMatchObject({ files: 2, size: 11, dirs: 1 });
  });
  it('counts hard links as links and sorts by code point', () => {
    const root = buildTree([
      ent('b', 'file', 5),
      ent('a', 'hardlink', 0, { linkTarget: 'b' }),
      ent('\u{1F600}.h'),
      ent('\uFB01.h'),
      ent('Z'),
      ent('é'),
    ]);
    expect(root.files).toBe(5);
    expect(findNode(root, 'a')).toMatchObject({ type: 'hardlink', files: 0, linkTarget: 'b' });
    expect(root.children!.map((c) => c.name)).toEqual(['Z', 'a', 'b', 'é', '\uFB01.h', '\u{1F600}.h']);
  });
});

describe('compareNames', () => {
  it('orders like UTF-8 bytes', () => {
    const names = ['b', 'a', 'ab', '\u{10000}', '\uFFFF', '\uE000', 'Ä', 'A', ''];
    const bytes = (s: string) => Array.from(new TextEncoder().encode(s));
    const byBytes = [...names].sort((x, y) => {
      const a = bytes(x);
      const b = bytes(y);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
      return a.length - b.length;
    });
    expect([...names].sort(compareNames)).toEqual(byBytes);
  });
});

describe('summarize', () => {
  it('counts the kheaders-like fixture', () => {
    expect(summarize(kh, khBytes.length)).toEqual({
      files: 12,
      dirs: 16,
      symlinks: 1,
      hardlinks: 0,
      bytes: kh.filter((e) => e.type === 'file').reduce((a, e) => a + e.size, 0),
      tarBytes: 30720,
      reproducible: true,
    });
  });
  it('notices different mtimes', () => {
    expect(summarize([ent('a', 'file', 1), ent('b', 'file', 1, { mtime: 5 })], 0).reproducible).toBe(false);
    expect(summarize([ent('a', 'file', 1), ent('d', 'dir', 0, { mtime: 5 })], 0).reproducible).toBe(true);
    expect(summarize([], 0).reproducible).toBe(false);
  });
});

describe('flattenVisible', () => {
  const root = buildTree([
    ent('include', 'dir'),
    ent('include/linux', 'dir'),
    ent('include/linux/sched.h', 'file', 300),
    ent('include/linux/types.h', 'file', 100),
    ent('include/linux/sched', 'dir'),
    ent('include/linux/sched/signal.h', 'file', 50),
    ent('include/big.h', 'file', 1000),
    ent('arch/x86/include/asm/sched.h', 'file', 10),
    ent('README', 'file', 5),
  ]);

  it('shows only the children of expanded folders, folders first by name', () => {
    expect(show(flattenVisible(root, new Set(), { sort: 'name' }))).toEqual([
      'arch 1/3',
      'include 2/3',
      'README 3/3',
    ]);
    const rows = flattenVisible(root, new Set(['include', 'include/linux']), { sort: 'name' });
    expect(show(rows)).toEqual([
      'arch 1/3',
      'include 2/3',
      '  linux 1/2',
      '    sched 1/3',
      '    sched.h 2/3',
      '    types.h 3/3',
      '  big.h 2/2',
      'README 3/3',
    ]);
    expect(rows[3]).toMatchObject({ depth: 2, parentPath: 'include/linux' });
    expect(rows[0]!.parentPath).toBe('');
    expect(rows.every((r) => r.matches === undefined)).toBe(true);
    // A collapsed parent hides an expanded child.
    expect(show(flattenVisible(root, new Set(['include/linux']), { sort: 'name' })).length).toBe(3);
  });

  it('sorts by size, descending, ties by name', () => {
    const rows = flattenVisible(root, new Set(['include', 'include/linux']), { sort: 'size' });
    expect(show(rows)).toEqual([
      'include 1/3',
      '  big.h 1/2',
      '  linux 2/2',
      '    sched.h 1/3',
      '    types.h 2/3',
      '    sched 3/3',
      'arch 2/3',
      'README 3/3',
    ]);
    const tie = buildTree([ent('b', 'file', 5), ent('a', 'file', 5), ent('c', 'file', 6)]);
    expect(show(flattenVisible(tie, new Set(), { sort: 'size' }))).toEqual(['c 1/3', 'a 2/3', 'b 3/3']);
  });

  it('filters by name, showing and expanding ancestors', () => {
    const rows = flattenVisible(root, new Set(), { sort: 'name', filter: 'SCHED' });
    expect(show(rows)).toEqual([
      'arch 1/2',
      '  x86 1/1',
      '    include 1/1',
      '      asm 1/1',
      '        sched.h 1/1',
      'include 2/2',
      '  linux 1/1',
      '    sched 1/2',
      '    sched.h 2/2',
    ]);
    expect(rows.filter((r) => r.matches).map((r) => r.node.path)).toEqual([
      'arch/x86/include/asm/sched.h',
      'include/linux/sched',
      'include/linux/sched.h',
    ]);
    // Expanding a matching folder shows all it holds.
    const open = flattenVisible(root, new Set(['include/linux/sched']), { sort: 'name', filter: 'sched' });
    expect(show(open)).toContain('      signal.h 1/1');
  });

  it('filters by path when the filter has a slash', () => {
    const rows = flattenVisible(root, new Set(), { sort: 'name', filter: 'linux/s' });
    expect(rows.filter((r) => r.matches).map((r) => r.node.path)).toEqual([
      'include/linux/sched',
      'include/linux/sched/signal.h',
      'include/linux/sched.h',
    ]);
    expect(flattenVisible(root, new Set(), { sort: 'name', filter: 'nothing-like-this' })).toEqual([]);
    expect(flattenVisible(root, new Set(), { sort: 'name', filter: '   ' }).length).toBe(3);
  });

  it('flattens a 20,000-node tree', () => {
    const many: TarEntry[] = [];
    for (let d = 0; d < 200; d++)
      for (let f = 0; f < 100; f++) many.push(ent(`dir${d}/sub${d % 7}/file${f}.h`, 'file', f));
    const big = buildTree(many);
    const rows = flattenVisible(big, allFolders(big), { sort: 'size' });
    const filtered = flattenVisible(big, new Set(), { sort: 'name', filter: 'file7' });
    expect(rows.length).toBe(20_000 + 400);
    expect(filtered.filter((r) => r.matches).length).toBe(200 * 11);
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024 - 1, '1.0 MiB'],
    [25_282_024, '24.1 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('%d → %s', (b, s) => expect(formatSize(b)).toBe(s));
  it('gives exact bytes separately', () => {
    expect(formatBytes(26_659_960)).toBe('26,659,960 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
  });
});

describe('deep paths (no recursion per path level)', () => {
  const depth = 10_000;
  const deepDir = Array.from({ length: depth }, (_, i) => `d${i % 10}`).join('/');
  const entries = [
    ent(`${deepDir}/deep.h`, 'file', 7),
    ent('top.h', 'file', 3),
    ent(`${deepDir}/../x`, 'file', 1),
  ];

  it('builds, sums, finds and flattens a 10,000-level tree', () => {
    const root = buildTree(entries);
    expect(root.files).toBe(3);
    expect(root.dirs).toBe(depth + 1);
    const leaf = findNode(root, `${deepDir}/deep.h`);
    expect(leaf?.size).toBe(7);
    const expanded = new Set<string>();
    for (let p = deepDir; p; p = p.slice(0, Math.max(0, p.lastIndexOf('/')))) expanded.add(p);
    const rows = flattenVisible(root, expanded, { sort: 'name' });
    expect(rows.length).toBe(depth + 3);
    expect(rows.find((r) => r.node === leaf)?.depth).toBe(depth);
    const hits = flattenVisible(root, new Set(), { sort: 'size', filter: 'deep.h' });
    expect(hits.at(-1)?.node).toBe(leaf);
    expect(hits.length).toBe(depth + 1);
  });

  it('replacing a deep folder by a file forgets the whole subtree', () => {
    const root = buildTree([...entries, ent('d0', 'file', 5)]);
    expect(root.children?.map((c) => [c.name, c.type])).toEqual([
      ['d0', 'file'],
      ['top.h', 'file'],
    ]);
    expect(root.files).toBe(2);
  });
});
