// Tests may read fixtures with node:fs (the core itself never imports node:*).
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fx, expected, sha, opts } from '../../../../test/kit/codec-fixtures';
import { gzip } from './gzip';
import { crc32 } from '../kit/crc32';

describe('gzip probe', () => {
  it('accepts real headers and reports fields', () => {
    expect(gzip.probe(fx('main.gz'))).toMatchObject({ method: 'deflate', os: 'Unix', level: 'maximum (-9)' });
    expect(gzip.probe(fx('header.gz'))).toMatchObject({
      'file name': 'fixture.h',
      comment: 'a comment',
      'header CRC': 'ok',
      'extra field': '8 bytes',
    });
  });
  it('rejects false hits', () => {
    const good = fx('main.gz').slice(0, 64);
    const bad = (i: number, v: number): Uint8Array => {
      const b = good.slice();
      b[i] = v;
      return b;
    };
    expect(gzip.probe(bad(2, 7))).toBeNull(); // method
    expect(gzip.probe(bad(3, 0x20))).toBeNull(); // reserved flag
    expect(gzip.probe(bad(8, 9))).toBeNull(); // XFL
    expect(gzip.probe(bad(9, 77))).toBeNull(); // OS
    expect(gzip.probe(bad(10, 0x06))).toBeNull(); // first block type 3
    expect(gzip.probe(good.subarray(0, 5))).toBeNull();
    expect(gzip.probe(new Uint8Array(0))).toBeNull();
    const hc = fx('header.gz').slice(0, 64);
    hc[12] = hc[12]! ^ 1; // inside FEXTRA: header CRC no longer matches
    expect(gzip.probe(hc)).toBeNull();
  });
  it('never throws on random bytes', () => {
    let x = 12345;
    for (let n = 0; n < 2000; n++) {
      const b = new Uint8Array(40);
      for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      b[0] = 0x1f;
      b[1] = 0x8b;
      b[2] = 8;
      expect(() => gzip.probe(b)).not.toThrow();
    }
  });
});

describe('gzip decode (fixtures)', () => {
  for (const name of ['main.gz', 'multi.gz', 'ikcfg.gz', 'header.gz', 'stored.gz', 'small.gz', 'empty.gz']) {
    it(name, async () => {
      const e = expected[name]!;
      const r = await gzip.decode(fx(name), opts);
      expect(r.error).toBeUndefined();
      expect(r.output.length).toBe(e.outputSize);
      expect(sha(r.output)).toBe(e.sha256);
      expect(r.consumed).toBe(e.consumed);
      expect(r.fields.members).toBe(e.parts ?? 1);
      expect(r.fields.check).toBe('CRC-32 (verified)');
    });
  }
  it('reports IKCFG_ED and trailing bytes', async () => {
    const r = await gzip.decode(fx('ikcfg.gz'), opts);
    expect(r.notes.join(' ')).toMatch(/IKCFG_ED/);
    expect(r.notes.join(' ')).toMatch(/12 trailing bytes/);
  });
  it('stops at non-member bytes after a member and at a garbage "member"', async () => {
    const m = fx('small.gz');
    const junk = new Uint8Array([...m, 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
    const r = await gzip.decode(junk, opts);
    expect(r.error).toBeUndefined();
    expect(r.consumed).toBe(m.length);
    expect(r.fields.members).toBe(1);
  });
  it('notes a matching kbuild-style size trailer', async () => {
    const m = fx('small.gz');
    const n = expected['small.gz']!.outputSize!;
    const b = new Uint8Array([...m, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
    const r = await gzip.decode(b, opts);
    expect(r.notes.join(' ')).toMatch(/kbuild size trailer matches/);
  });
});

describe('gzip damage', () => {
  const full = async (name: string): Promise<Uint8Array> => (await gzip.decode(fx(name), opts)).output;
  it('truncated: partial prefix output, error truncated, consumed null', async () => {
    const ref = await full('small.gz');
    const r = await gzip.decode(fx('trunc.gz'), opts);
    expect(r.error?.code).toBe('truncated');
    expect(r.consumed).toBeNull();
    expect(r.output.length).toBeGreaterThan(ref.length / 3);
    expect(Buffer.from(r.output).equals(Buffer.from(ref.subarray(0, r.output.length)))).toBe(true);
    expect(r.error!.offset).toBeGreaterThan(0);
  });
  it('bit flip: corrupt, output kept', async () => {
    const r = await gzip.decode(fx('flip.gz'), opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.output.length).toBeGreaterThan(0);
  });
  it('bad CRC: corrupt, whole output, exact consumed', async () => {
    const e = expected['badcrc.gz']!;
    const r = await gzip.decode(fx('badcrc.gz'), opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.message).toMatch(/CRC-32 mismatch/);
    expect(r.output.length).toBe(expected['small.gz']!.outputSize);
    expect(r.consumed).toBe(e.consumed);
    expect(r.fields.check).toBe('CRC-32 (mismatch)');
  });
  it('progress is reported', async () => {
    const seen: number[] = [];
    await gzip.decode(fx('main.gz'), { maxOutput: 1 << 30, onProgress: (i) => seen.push(i) });
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe('gzip against node:zlib', () => {
  it('matches zlib on many shapes of input (levels, strategies, sizes)', async () => {
    let seed = 1;
    const rnd = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let t = 0; t < 40; t++) {
      const n = Math.floor(rnd() ** 3 * 300_000);
      const data = new Uint8Array(n);
      const alpha = 2 + Math.floor(rnd() * 200);
      for (let i = 0; i < n; i++)
        data[i] = rnd() < 0.3 && i > 10 ? data[i - 1 - Math.floor(rnd() * 10)]! : Math.floor(rnd() * alpha);
      const level = t % 10;
      const strategy = t % 5; // default, filtered, huffman-only, RLE, fixed codes
      const z = new Uint8Array(gzipSync(data, { level, strategy }));
      const r = await gzip.decode(z, opts);
      expect(r.error, `case ${t}`).toBeUndefined();
      expect(r.consumed).toBe(z.length);
      expect(Buffer.from(r.output).equals(Buffer.from(data))).toBe(true);
    }
  });
});

describe('crc32', () => {
  it('matches known values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const b = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(crc32(b)).toBe(0x414fa339);
    expect(crc32(b, 10, b.length, crc32(b, 0, 10))).toBe(0x414fa339);
  });
});
