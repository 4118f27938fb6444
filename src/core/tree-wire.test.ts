import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar } from './tar';
import { buildTree, findNode } from './tree';
import { decodeTree, encodeTree } from './tree-wire';
import type { TarEntry, TreeNode } from './types';

const khBytes = new Uint8Array(readFileSync(join(__dirname, '../../test/fixtures/tar/kheaders-small.tar')));

let n = 0;
function ent(path: string, type: TarEntry['type'] = 'file', extra: Partial<TarEntry> = {}): TarEntry {
  return {
    path,
    type,
    size: type === 'file' ? path.length * 7 : 0,
    mode: type === 'dir' ? 0o755 : 0o644,
    mtime: 1000 + n,
    uid: 0,
    gid: 0,
    dataOffset: 0,
    headerOffset: 512 * n++,
    ...extra,
  };
}

/** Through the wire and back, and through structured clone as postMessage does it. */
const roundTrip = (root: TreeNode): TreeNode => decodeTree(structuredClone(encodeTree(root)));

describe('tree wire', () => {
  it('round-trips the kheaders-like fixture exactly', () => {
    const tree = buildTree(readTar(khBytes).entries);
    expect(roundTrip(tree)).toEqual(tree);
  });

  it('keeps links, empty folders, implied folders, odd names and big numbers', () => {
    const tree = buildTree([
      ent('', 'dir'),
      ent('include/empty', 'dir'),
      ent('include/linux/a.h'),
      ent('include/linux/l.h', 'symlink', { linkTarget: '../ünïcödé/😀.h' }),
      ent('include/linux/h', 'hardlink', { linkTarget: '' }),
      ent('dev/null', 'other'),
      ent('x/ /\u0000?/  spaced name.h'),
      ent('big', 'file', { size: 2 ** 40 + 3, mtime: -5 }),
    ]);
    const back = roundTrip(tree);
    expect(back).toEqual(tree);
    expect(findNode(back, 'include/linux/l.h')?.linkTarget).toBe('../ünïcödé/😀.h');
    expect(findNode(back, 'include/empty')?.children).toEqual([]);
    expect(findNode(back, 'big')?.size).toBe(2 ** 40 + 3);
  });

  it('handles a lone root and very deep nesting without recursion', () => {
    const lone = buildTree([]);
    expect(roundTrip(lone)).toEqual(lone);
    // 20 000 levels: a recursive decoder would overflow the stack.
    const root: TreeNode = {
      name: '',
      path: '',
      type: 'dir',
      size: 0,
      files: 0,
      dirs: 0,
      mode: 0,
      mtime: 0,
      entry: -1,
    };
    let at = root;
    for (let i = 0; i < 20_000; i++) {
      const c: TreeNode = { ...root, name: 'd', path: at.path === '' ? 'd' : `${at.path}/d` };
      at.children = [c];
      at = c;
    }
    at.children = [];
    const wire = encodeTree(root);
    let back = decodeTree(wire);
    for (let i = 0; i < 20_000; i++) back = back.children![0]!;
    expect(back.path.length).toBe(20_000 * 2 - 1);
    expect(back.children).toEqual([]);
  });

  it('rejects a malformed wire with an error instead of a wrong tree', () => {
    const wire = encodeTree(buildTree([ent('a/b.h'), ent('c.h')]));
    expect(() => decodeTree({ nums: wire.nums, text: wire.text + 'x' })).toThrow(/tree wire/);
    expect(() => decodeTree({ nums: wire.nums, text: wire.text.slice(1) })).toThrow(/tree wire/);
    expect(() => decodeTree({ nums: new Float64Array(0), text: '' })).toThrow(/tree wire/);
    const cut = wire.nums.slice(0, wire.nums.length - 10);
    expect(() => decodeTree({ nums: cut, text: wire.text })).toThrow(/tree wire/);
  });
});
