// Reference implementations from node:crypto / node:zlib (the core itself never imports node:*).
import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCheck } from './checks';
import { Crc64, crc32 } from './crc';
import { CHECK_CRC32, CHECK_CRC64, CHECK_NONE, CHECK_SHA256 } from './format';
import { Sha256 } from './sha256';

const data = new Uint8Array(randomBytes(300_001));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const zcrc = (b: Uint8Array): number => (zlib as unknown as { crc32(b: Uint8Array): number }).crc32(b);

describe('CRC32', () => {
  it('matches zlib on every length and alignment', () => {
    for (let off = 0; off < 9; off++) {
      for (const len of [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 1000, 65537]) {
        const v = data.subarray(off, off + len);
        expect(crc32(v), `off ${off} len ${len}`).toBe(zcrc(v));
        expect(crc32(data, off, off + len)).toBe(zcrc(v));
      }
    }
  });

  it('continues across calls of any size', () => {
    const want = zcrc(data);
    for (const step of [1, 2, 3, 5, 7, 4096, 99_999]) {
      let c = 0;
      for (let i = 0; i < data.length; i += step) c = crc32(data, i, Math.min(data.length, i + step), c);
      expect(c, `step ${step}`).toBe(want);
    }
  });
});

describe('CRC64 (ECMA-182, as xz)', () => {
  it('gives the CRC-64/XZ check value for "123456789"', () => {
    const c = new Crc64();
    c.update(new TextEncoder().encode('123456789'));
    // 0x995DC9BBDF1939FA, stored little-endian.
    expect(hex(c.digest())).toBe('fa3919dfbbc95d99');
    expect(hex(new Crc64().digest())).toBe('0000000000000000');
  });

  it('is the same in one call and in pieces, aligned or not', () => {
    const one = new Crc64();
    one.update(data);
    const want = hex(one.digest());
    for (const step of [1, 3, 7, 8, 13, 65536]) {
      const c = new Crc64();
      for (let i = 0; i < data.length; i += step) c.update(data, i, Math.min(data.length, i + step));
      expect(hex(c.digest()), `step ${step}`).toBe(want);
    }
    const shifted = new Uint8Array(data.length + 3);
    shifted.set(data, 3);
    const c = new Crc64();
    c.update(shifted.subarray(3));
    expect(hex(c.digest())).toBe(want);
  });
});

describe('SHA-256 fallback', () => {
  it('matches node:crypto around the padding boundaries', () => {
    for (const len of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_000]) {
      const v = data.subarray(0, len);
      const s = new Sha256();
      s.update(v);
      expect(hex(s.digest()), `len ${len}`).toBe(createHash('sha256').update(v).digest('hex'));
    }
  });

  it('matches in pieces of 1 to 7 bytes', () => {
    const v = data.subarray(0, 5000);
    const want = createHash('sha256').update(v).digest('hex');
    for (let step = 1; step <= 7; step++) {
      const s = new Sha256();
      for (let i = 0; i < v.length; i += step) s.update(v, i, Math.min(v.length, i + step));
      expect(hex(s.digest())).toBe(want);
    }
  });
});

describe('createCheck', () => {
  it('gives the stored form of each check', async () => {
    const v = data.subarray(0, 777);
    const run = async (type: number, preferSubtle = true): Promise<string> => {
      const c = createCheck(type, preferSubtle)!;
      c.update(v, 0, v.length);
      return hex(await c.finish(v));
    };
    expect(await run(CHECK_CRC32)).toBe(Buffer.from(Uint32Array.of(zcrc(v)).buffer).toString('hex'));
    const sha = createHash('sha256').update(v).digest('hex');
    expect(await run(CHECK_SHA256)).toBe(sha);
    expect(await run(CHECK_SHA256, false)).toBe(sha);
    expect((await run(CHECK_CRC64)).length).toBe(16);
    expect(createCheck(CHECK_NONE)).toBeNull();
    expect(createCheck(0x02)).toBeNull();
  });
});
