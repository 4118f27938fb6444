// Tests may read fixtures with node:fs (the core itself never imports node:*).
import { describe, expect, it } from 'vitest';
import { fx, expected, sha, opts, same } from '../../../../test/kit/codec-fixtures';
import { bzip2 } from './bzip2';
import { bzCrc } from '../kit/crc32';

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
      expect(r.output.length).toBeLessThanOrEqual(ref.length);
    }
  });
  it('maxOutput: too-large', async () => {
    const r = await bzip2.decode(fx('multi.bz2'), { maxOutput: 150_000 });
    expect(r.error?.code).toBe('too-large');
    expect(r.output.length).toBeLessThanOrEqual(150_000);
  });
  it('cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await bzip2.decode(fx('main.bz2'), { maxOutput: 1 << 30, signal: ac.signal });
    expect(r.error?.code).toBe('cancelled');
  });
});

describe('bzip2 CRC', () => {
  it('matches the known check value', () => {
    // CRC-32/BZIP2 check value for "123456789".
    expect(bzCrc(new TextEncoder().encode('123456789'), 0, 9)).toBe(0xfc891918);
    const b = Uint8Array.from({ length: 77 }, (_, i) => (i * 13) & 0xff);
    let c = -1;
    for (const x of b) {
      c ^= x << 24;
      for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    }
    expect(bzCrc(b, 0, b.length)).toBe(~c >>> 0);
  });
});
