// Tests may read fixtures with node:fs (the core itself never imports node:*).
import { describe, expect, it } from 'vitest';
import { fx, expected, sha, opts, same } from '../../../../test/kit/codec-fixtures';
import { zstd, parseZstdHeader } from './zstd';

describe('zstd probe', () => {
  it('reads the header of a kbuild zstd22 payload', () => {
    expect(zstd.probe(fx('main.zst'))).toEqual({ window: '128 MiB', check: 'XXH64' });
    const h = parseZstdHeader(fx('frames.zst'), 0);
    expect('code' in h).toBe(false);
  });
  it('rejects false hits', () => {
    const b = fx('main.zst').slice(0, 32);
    const mod = (i: number, v: number): Uint8Array => {
      const c = b.slice();
      c[i] = v;
      return c;
    };
    expect(zstd.probe(mod(4, b[4]! | 8))).toBeNull(); // reserved bit
    expect(zstd.probe(mod(5, 22 << 3))).toBeNull(); // window 2^32
    expect(zstd.probe(mod(6, b[6]! | 6))).toBeNull(); // first block type 3
    expect(zstd.probe(b.subarray(0, 4))).toBeNull();
    expect(zstd.probe(new Uint8Array(0))).toBeNull();
  });
  it('never throws on random bytes after the magic', () => {
    let x = 99;
    for (let n = 0; n < 2000; n++) {
      const b = new Uint8Array(24);
      for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      b.set([0x28, 0xb5, 0x2f, 0xfd]);
      expect(() => zstd.probe(b)).not.toThrow();
    }
  });
});

describe('zstd decode (fixtures)', () => {
  for (const name of ['main.zst', 'frames.zst', 'runs.zst', 'levels.zst', 'small.zst']) {
    it(name, async () => {
      const e = expected[name]!;
      const r = await zstd.decode(fx(name), opts);
      expect(r.error).toBeUndefined();
      expect(r.output.length).toBe(e.outputSize);
      expect(sha(r.output)).toBe(e.sha256);
      expect(r.consumed).toBe(e.consumed);
      if (e.trailer) expect(r.notes.join(' ')).toMatch(/kbuild size trailer matches/);
    });
  }
  it('main.zst: zstd22 fields, checksum verified', async () => {
    const r = await zstd.decode(fx('main.zst'), opts);
    expect(r.fields).toMatchObject({
      window: '128 MiB',
      frames: 1,
      check: 'XXH64 (verified)',
      'size trailer': 1048576,
    });
  });
  it('frames.zst: two frames and a skippable frame', async () => {
    const r = await zstd.decode(fx('frames.zst'), opts);
    expect(r.fields).toMatchObject({ frames: 2, 'skippable frames': 1 });
  });
  it('levels.zst: four frames, one without checksum', async () => {
    const r = await zstd.decode(fx('levels.zst'), opts);
    expect(r.fields.frames).toBe(4);
  });
  it('stops at trailing bytes that are not a frame', async () => {
    const m = fx('small.zst');
    const r = await zstd.decode(new Uint8Array([...m, 0x49, 0x4b, 0x43, 0x46, 0x47, 0x5f, 0x45, 0x44]), opts);
    expect(r.error).toBeUndefined();
    expect(r.consumed).toBe(m.length);
    expect(r.notes.join(' ')).toMatch(/8 trailing bytes/);
  });
});

describe('zstd damage', () => {
  it('truncated: prefix output, error, consumed null', async () => {
    const ref = (await zstd.decode(fx('small.zst'), opts)).output;
    const r = await zstd.decode(fx('trunc.zst'), opts);
    expect(r.error?.code).toBe('truncated');
    expect(r.consumed).toBeNull();
    expect(r.output.length).toBeGreaterThan(0);
    expect(same(r.output, ref.subarray(0, r.output.length))).toBe(true);
  });
  it('bit flip: corrupt (structure or checksum)', async () => {
    const r = await zstd.decode(fx('flip.zst'), opts);
    expect(r.error?.code).toBe('corrupt');
  });
  it('a flipped checksum byte: corrupt, whole output, exact consumed', async () => {
    const b = fx('small.zst').slice();
    b[b.length - 1] = b[b.length - 1]! ^ 1;
    const r = await zstd.decode(b, opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.message).toMatch(/checksum mismatch/);
    expect(r.output.length).toBe(expected['small.zst']!.outputSize);
    expect(r.consumed).toBe(b.length);
    expect(r.fields.check).toBe('XXH64 (mismatch)');
  });
  it('every truncation point and many byte flips: never throws, prefix or error', async () => {
    const full = fx('levels.zst');
    const ref = (await zstd.decode(full, opts)).output;
    for (let n = 0; n < 9000; n += 17) {
      const r = await zstd.decode(full.subarray(0, n), opts);
      if (!r.error) expect(r.consumed).toBe(n); // cut exactly between frames: a valid, shorter stream
      expect(same(r.output, ref.subarray(0, r.output.length))).toBe(true);
    }
    expect((await zstd.decode(full.subarray(0, 0), opts)).error?.code).toBe('truncated');
    for (let i = 4; i < full.length; i += 97) {
      const b = full.slice();
      b[i] = b[i]! ^ 0x24;
      const r = await zstd.decode(b, opts);
      expect(r.output.length).toBeLessThan(ref.length + (128 << 10));
    }
  });
  it('a dictionary frame is unsupported', async () => {
    // FHD 0x01: 1-byte dictionary id; window byte; dictionary 7; then an empty raw last block.
    const b = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x01, 0x00, 0x07, 0x01, 0x00, 0x00);
    const r = await zstd.decode(b, opts);
    expect(r.error?.code).toBe('unsupported');
  });
});
