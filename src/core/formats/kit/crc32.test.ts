// Reference implementation from node:zlib (the core itself never imports node:*).
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';

const data = new Uint8Array(randomBytes(300_001));
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
