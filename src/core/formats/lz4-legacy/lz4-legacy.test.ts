// Tests may read fixtures with node:fs (the core itself never imports node:*).
import { describe, expect, it } from 'vitest';
import { fx, expected, sha, opts, same } from '../../../../test/kit/codec-fixtures';
import { lz4Legacy, MAX_BLOCK_IN } from './lz4-legacy';

describe('lz4-legacy probe', () => {
  it('accepts the fixtures and rejects false hits', () => {
    expect(lz4Legacy.probe(fx('main.lz4'))).toMatchObject({ 'block size': '8 MiB' });
    const b = fx('main.lz4').slice(0, 16);
    const big = b.slice();
    big.set([0xff, 0xff, 0xff, 0x00], 4); // 16 MiB block: above LZ4_compressBound(8 MiB)
    expect(lz4Legacy.probe(big)).toBeNull();
    const zero = b.slice();
    zero.set([0, 0, 0, 0], 4);
    expect(lz4Legacy.probe(zero)).toBeNull();
    const match = b.slice();
    match[8] = 0x0f; // first token without literals
    expect(lz4Legacy.probe(match)).toBeNull();
    expect(lz4Legacy.probe(b.subarray(0, 6))).toBeNull();
    expect(MAX_BLOCK_IN).toBe(8421520);
  });
});

describe('lz4-legacy decode (fixtures)', () => {
  for (const name of ['main.lz4', 'big.lz4', 'concat.lz4', 'small.lz4']) {
    it(name, async () => {
      const e = expected[name]!;
      const r = await lz4Legacy.decode(fx(name), opts);
      expect(r.error).toBeUndefined();
      expect(r.output.length).toBe(e.outputSize);
      expect(sha(r.output)).toBe(e.sha256);
      expect(r.consumed).toBe(e.consumed);
      if (e.trailer) {
        expect(r.notes.join(' ')).toMatch(/kbuild size trailer matches/);
        expect(r.fields['size trailer']).toBe(e.outputSize);
      }
    });
  }
  it('big.lz4 has two blocks, the first exactly 8 MiB', async () => {
    const r = await lz4Legacy.decode(fx('big.lz4'), opts);
    expect(r.fields.blocks).toBe(2);
  });
  it('concat.lz4 notes two frames', async () => {
    const r = await lz4Legacy.decode(fx('concat.lz4'), opts);
    expect(r.fields.frames).toBe(2);
  });
  it('stops at trailing bytes after the last block', async () => {
    const m = fx('small.lz4');
    const r = await lz4Legacy.decode(new Uint8Array([...m, 1, 2, 3, 4, 5, 6, 7, 8, 9]), opts);
    expect(r.error).toBeUndefined();
    expect(r.consumed).toBe(m.length);
    expect(r.notes.join(' ')).toMatch(/9 trailing bytes/);
  });
  it('an exact multiple of 8 MiB followed by the size trailer ends cleanly', async () => {
    // The trailer (8388608) is ≤ LZ4_compressBound(8 MiB), so it looks like a block size.
    const e = expected['exact8m.lz4']!;
    const r = await lz4Legacy.decode(fx('exact8m.lz4'), opts);
    expect(r.error).toBeUndefined();
    expect(r.consumed).toBe(e.consumed);
    expect(r.output.length).toBe(8 << 20);
    expect(sha(r.output)).toBe(e.sha256);
    expect(r.notes.join(' ')).toMatch(/kbuild size trailer/);
    expect(r.fields.blocks).toBe(1);
  });
});

describe('lz4-legacy damage', () => {
  it('truncated: prefix output and error', async () => {
    const ref = (await lz4Legacy.decode(fx('small.lz4'), opts)).output;
    const r = await lz4Legacy.decode(fx('trunc.lz4'), opts);
    expect(r.error?.code).toBe('truncated');
    expect(r.consumed).toBeNull();
    expect(r.output.length).toBeGreaterThan(0);
    expect(same(r.output, ref.subarray(0, r.output.length))).toBe(true);
  });
  it('a damaged block size field: error, no throw', async () => {
    const r = await lz4Legacy.decode(fx('flip.lz4'), opts);
    expect(r.error).toBeDefined();
    expect(['corrupt', 'truncated']).toContain(r.error!.code);
  });
  it('every truncation point and every byte flip in a small stream: never throws, prefix output', async () => {
    const m = fx('small.lz4').subarray(0, 4000);
    const full = fx('small.lz4');
    const ref = (await lz4Legacy.decode(full, opts)).output;
    for (let n = 0; n < m.length; n += 13) {
      const r = await lz4Legacy.decode(full.subarray(0, n), opts);
      expect(same(r.output, ref.subarray(0, r.output.length))).toBe(true);
    }
    for (let i = 8; i < 3000; i += 7) {
      const b = full.slice();
      b[i] = b[i]! ^ 0x5a;
      const r = await lz4Legacy.decode(b, opts);
      expect(r.output.length).toBeLessThanOrEqual(8 << 20);
    }
  });
  it('cancelled mid-stream keeps the blocks decoded so far', async () => {
    const ac = new AbortController();
    const r = await lz4Legacy.decode(fx('big.lz4'), {
      maxOutput: 1 << 30,
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    expect(r.error?.code).toBe('cancelled');
    expect(r.output.length).toBe(8 << 20);
    expect(r.consumed).toBeNull();
  });
});
