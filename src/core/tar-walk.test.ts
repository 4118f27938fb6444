/**
 * TarPrefixWalk: fed a decoder's output prefix in any steps, then finished, it gives exactly
 * readTar's listing of the final bytes; it reads nothing past the prefix it was told about, and it
 * starts over where the final bytes are not what it walked.
 */
import { describe, expect, it, vi } from 'vitest';
import { readTar } from './tar';
import { TarPrefixWalk } from './tar-walk';
import { buildTree, TreeBuilder } from './tree';
import { TAR_ARCHIVES as archives, loadTar as load } from '../../test/kit/tar-fixtures';

/** A small deterministic PRNG (odd step sizes that differ from run to run of the loop, not of the test). */
function steps(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return 1 + (x % 1500);
  };
}

/**
 * Feed `bytes` the way a decoder fills its output buffer: a buffer of junk (0xa5) whose first
 * `avail` bytes are copied in just before each feed, so a walk that read past the prefix would see
 * junk. Returns the walk (fed the whole) and its buffer.
 */
function fed(bytes: Uint8Array, next: () => number, tree = false): { walk: TarPrefixWalk; out: Uint8Array } {
  const out = new Uint8Array(bytes.length + 4096).fill(0xa5);
  const walk = new TarPrefixWalk({ tree });
  for (let avail = 0; avail < bytes.length;) {
    const n = Math.min(bytes.length, avail + next());
    out.set(bytes.subarray(avail, n), avail);
    avail = n;
    walk.feed(out, avail);
  }
  return { walk, out };
}

describe('TarPrefixWalk gives readTar', () => {
  for (const name of archives) {
    it(`${name}, fed in tiny, odd and whole steps`, () => {
      const bytes = load(name);
      const whole = readTar(bytes);
      const makers: (() => number)[] = [
        () => 1,
        () => 7,
        () => 511,
        () => 512,
        () => 513,
        () => 4093,
        () => 1 << 20,
        steps(1),
        steps(42),
      ];
      const tree = buildTree(whole.entries);
      for (const next of makers) {
        const { walk, out } = fed(bytes, next, true);
        expect(walk.walked).toBeGreaterThan(0); // it walked while fed (up to the end blocks)
        const r = walk.finish(out.subarray(0, bytes.length));
        expect(r).toEqual(whole);
        expect(walk.treeOf(r.entries)).toEqual(tree); // built while fed: buildTree's tree
      }
    });
  }

  it('resumes: the entries read while fed are the listing finish returns', () => {
    const bytes = load('kheaders-small.tar');
    const { walk, out } = fed(bytes, () => 4096);
    const listed = walk.listed;
    expect(listed).toBeGreaterThan(0);
    const r = walk.finish(out.subarray(0, bytes.length));
    expect(r.entries.length).toBeGreaterThanOrEqual(listed);
    expect(r).toEqual(readTar(bytes));
  });

  it('with `tree`, places each entry into the tree as it is listed; only the sort and sums wait for treeOf', () => {
    const bytes = load('kheaders-small.tar');
    const add = vi.spyOn(TreeBuilder.prototype, 'add');
    const finish = vi.spyOn(TreeBuilder.prototype, 'finish');
    try {
      const { walk, out } = fed(bytes, () => 4096, true);
      expect(walk.listed).toBeGreaterThan(0);
      expect(add).toHaveBeenCalledTimes(walk.listed); // before finish
      expect(finish).not.toHaveBeenCalled();
      const r = walk.finish(out.subarray(0, bytes.length));
      const tree = walk.treeOf(r.entries);
      expect(add).toHaveBeenCalledTimes(r.entries.length);
      expect(walk.treeOf(r.entries)).toBe(tree); // made once
      expect(finish).toHaveBeenCalledTimes(1);
    } finally {
      add.mockRestore();
      finish.mockRestore();
    }
  });

  it('no tree when not asked for, for other entries, or after reading again from the start', () => {
    const bytes = load('kheaders-small.tar');
    const plain = fed(bytes, () => 4096);
    const r = plain.walk.finish(plain.out.subarray(0, bytes.length));
    expect(plain.walk.treeOf(r.entries)).toBeNull();
    const w = fed(bytes, () => 4096, true);
    const listing = w.walk.finish(w.out.subarray(0, bytes.length));
    expect(w.walk.treeOf(listing.entries.slice())).toBeNull(); // not the listing it returned
    const cut = fed(bytes, () => 8192, true);
    const again = cut.walk.finish(cut.out.subarray(0, 9000)); // shorter than walked: read again
    expect(again).toEqual(readTar(bytes.subarray(0, 9000)));
    expect(cut.walk.treeOf(again.entries)).toBeNull();
  });

  it('the final bytes shorter than what was walked (a failed block dropped): read again from the start', () => {
    const bytes = load('kheaders-small.tar');
    const { walk, out } = fed(bytes, () => 8192);
    for (const cut of [0, 100, 512, 8192, 20000]) {
      const w = new TarPrefixWalk();
      w.feed(out, bytes.length);
      expect(w.finish(out.subarray(0, cut))).toEqual(readTar(out.subarray(0, cut)));
    }
    expect(walk.finish(out.subarray(0, 9000))).toEqual(readTar(bytes.subarray(0, 9000)));
  });

  it('a cut before the walk ended: the final read of the prefix, as readTar of it', () => {
    const bytes = load('kheaders-small.tar');
    const cut = 40 * 512 + 100;
    const w = new TarPrefixWalk();
    const out = bytes.slice();
    w.feed(out, 10 * 512 + 3);
    w.feed(out, cut);
    const r = w.finish(out.subarray(0, cut));
    expect(r).toEqual(readTar(bytes.slice(0, cut)));
    expect(r.errors.some((e) => e.severity !== 'warning')).toBe(true);
  });

  it('other bytes than the buffer walked: readTar of them', () => {
    const bytes = load('edge-pax.tar');
    const { walk } = fed(bytes, () => 1000);
    const copy = bytes.slice();
    expect(walk.finish(copy)).toEqual(readTar(copy));
    const w2 = new TarPrefixWalk();
    w2.feed(bytes, 1024);
    w2.feed(copy, 2048); // a second buffer: the walk stops
    expect(w2.finish(bytes)).toEqual(readTar(bytes));
  });

  it('bytes that are not a tar are not walked', () => {
    const junk = new Uint8Array(8192).map((_, i) => (i * 37) & 0xff);
    const w = new TarPrefixWalk();
    w.feed(junk, 100); // too short to tell: waits
    w.feed(junk, 8192);
    expect(w.walked).toBe(0);
    expect(w.listed).toBe(0);
    expect(w.finish(junk)).toEqual(readTar(junk));
  });

  it('a header whose size points far past the prefix waits, and the end is readTar (truncated)', () => {
    const bytes = load('kheaders-small.tar').slice();
    const first = readTar(bytes).entries.find((e) => e.type === 'file')!;
    // Size field of that header: 0o77777777777 (8 GiB), checksum fixed up.
    const h = first.headerOffset;
    bytes.set(new TextEncoder().encode('77777777777\0'), h + 124);
    bytes.fill(0x20, h + 148, h + 156);
    let sum = 0;
    for (let i = h; i < h + 512; i++) sum += bytes[i]!;
    bytes.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), h + 148);
    const { walk, out } = fed(bytes, () => 3000);
    const whole = readTar(bytes);
    // Nothing listed past the big header while fed; the end lists it too, cut short (as tar -t).
    expect(walk.listed).toBe(whole.entries.length - 1);
    expect(whole.entries.at(-1)!.headerOffset).toBe(h);
    expect(walk.finish(out.subarray(0, bytes.length))).toEqual(whole);
    expect(whole.errors[0]?.code).toBe('truncated');
  });
});
