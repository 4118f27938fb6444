// Tests may read fixtures with node:fs (the core itself never imports node:*).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fx, expected, sha, opts, same } from '../../../../test/kit/codec-fixtures';
import { bzip2 } from './bzip2';

describe('bzip2 probe', () => {
  it('needs BZh1-9 and a block or end-of-stream magic', () => {
    expect(bzip2.probe(fx('main.bz2'))).toEqual({ level: '9 (900k blocks)' });
    expect(bzip2.probe(fx('empty.bz2'))).toEqual({ level: '9 (900k blocks)' });
    const b = fx('main.bz2').slice(0, 16);
    const mod = (i: number, v: number): Uint8Array => {
      const c = b.slice();
      c[i] = v;
      return c;
    };
    expect(bzip2.probe(mod(3, 0x30))).toBeNull(); // level 0
    expect(bzip2.probe(mod(4, 0x32))).toBeNull(); // not the block magic
    expect(bzip2.probe(mod(9, 0x58))).toBeNull();
    expect(bzip2.probe(new TextEncoder().encode('BZh91AY&S'))).toBeNull(); // cut short
    expect(bzip2.probe(new TextEncoder().encode('BZh9 is just text here'))).toBeNull();
  });
});

describe('bzip2 decode (fixtures)', () => {
  for (const name of ['main.bz2', 'multi.bz2', 'runs.bz2', 'small.bz2', 'empty.bz2']) {
    it(name, async () => {
      const e = expected[name]!;
      const r = await bzip2.decode(fx(name), opts);
      expect(r.error).toBeUndefined();
      expect(r.output.length).toBe(e.outputSize);
      expect(sha(r.output)).toBe(e.sha256);
      expect(r.consumed).toBe(e.consumed);
      if (e.trailer) expect(r.notes.join(' ')).toMatch(/kbuild size trailer matches/);
    });
  }
  it('multi.bz2: two streams, two blocks in the first', async () => {
    const r = await bzip2.decode(fx('multi.bz2'), opts);
    expect(r.fields).toMatchObject({ streams: 2, blocks: 3, level: '1 (100k blocks)' });
  });
  it('stops at trailing bytes', async () => {
    const m = fx('small.bz2');
    const r = await bzip2.decode(new Uint8Array([...m, 0x42, 0x5a, 0x68, 0x39, 1, 2, 3, 4, 5, 6, 7]), opts);
    expect(r.error).toBeUndefined();
    expect(r.consumed).toBe(m.length);
    expect(r.notes.join(' ')).toMatch(/11 trailing bytes/);
  });
});

describe('bzip2 damage', () => {
  it('truncated: whole blocks before the cut, error truncated', async () => {
    const r = await bzip2.decode(fx('trunc.bz2'), opts);
    expect(r.error?.code).toBe('truncated');
    expect(r.consumed).toBeNull();
    expect(r.output.length).toBe(0); // one block, cut: nothing verified
  });
  it('truncated multi-block stream keeps the good blocks', async () => {
    const full = fx('multi.bz2');
    const ref = (await bzip2.decode(full, opts)).output;
    const r = await bzip2.decode(full.subarray(0, 30_000), opts);
    expect(r.error?.code).toBe('truncated');
    expect(r.output.length).toBeGreaterThanOrEqual(100_000);
    expect(same(r.output, ref.subarray(0, r.output.length))).toBe(true);
  });
  it('bit flip: block CRC mismatch, corrupt', async () => {
    const r = await bzip2.decode(fx('flip.bz2'), opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.offset).toBe(4);
  });
  it('a bad CRC in block 2: block 1, then block 2 as decoded, as bzip2 -dc writes it', async () => {
    const full = fx('multi.bz2');
    const ref = (await bzip2.decode(full, opts)).output;
    // The second block magic, bit-aligned, after the first one at bit 32.
    const bit = (i: number): number => (full[i >> 3]! >> (7 - (i & 7))) & 1;
    let second = -1;
    for (let i = 80; i < full.length * 8 - 48 && second < 0; i++) {
      let v = 0;
      for (let k = 0; k < 48; k++) v = v * 2 + bit(i + k);
      if (v === 0x314159265359) second = i;
    }
    const bad = full.slice();
    const at = second + 48 + 5; // inside the stored block CRC
    bad[at >> 3] = bad[at >> 3]! ^ (0x80 >> (at & 7));
    const r = await bzip2.decode(bad, opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.message).toMatch(/block 2 .*fails its CRC check/);
    expect(r.error?.offset).toBe(second >> 3);
    expect(r.error?.message).toMatch(/kept as decoded/);
    // Only the stored CRC was flipped: block 2 decodes to its true bytes, all kept. bzip2 -dc writes
    // the same bytes less its last 5,000-byte read (it stops at the error before writing it).
    expect(r.output.length).toBeGreaterThan(135_202);
    expect(r.output.length).toBeLessThan(ref.length); // nothing after block 2
    expect(same(r.output, ref.subarray(0, r.output.length))).toBe(true);
    const native = new Uint8Array(spawnSync('bzip2', ['-dc'], { input: bad }).stdout);
    expect(native.length).toBeGreaterThan(135_202); // more than block 1
    expect(same(r.output.subarray(0, native.length), native)).toBe(true);
    expect(r.fields).toMatchObject({ blocks: 1, check: 'CRC-32 (mismatch)' });
  });
  it('a bad combined CRC: every block kept, error at the stored CRC', async () => {
    const m = fx('small.bz2');
    const ref = (await bzip2.decode(m, opts)).output;
    // The stream ends with the end-of-stream magic and the combined CRC, then padding to a byte:
    // flip the byte holding the CRC's lowest bits.
    const bad = m.slice();
    bad[m.length - 2] = bad[m.length - 2]! ^ 0x01;
    const r = await bzip2.decode(bad, opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.message).toMatch(/stream CRC does not match/);
    expect(same(r.output, ref)).toBe(true);
  });
  it('every truncation point and many byte flips: never throws', async () => {
    const full = fx('runs.bz2');
    const ref = (await bzip2.decode(full, opts)).output;
    for (let n = 0; n < full.length; n += 7) {
      const r = await bzip2.decode(full.subarray(0, n), opts);
      expect(r.error).toBeDefined();
      expect(same(r.output, ref.subarray(0, r.output.length))).toBe(true);
    }
    for (let i = 4; i < full.length; i += 3) {
      const b = full.slice();
      b[i] = b[i]! ^ 0x41;
      const r = await bzip2.decode(b, opts);
      // Undetected (padding bits): the same output. Detected: named (a damaged block that still
      // decodes is kept as decoded, and its runs may make it longer than it was).
      if (!r.error) expect(same(r.output, ref)).toBe(true);
      else expect(['corrupt', 'truncated']).toContain(r.error.code);
    }
  });
});
