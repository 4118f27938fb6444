/**
 * CRC32 (shared with gzip/lzop/uImage, in ../crc32.ts) and CRC64 (ECMA-182, reflected poly
 * 0xC96C5795D7870F42), both with init ~0 and final ~0, as xz uses them (xz-file-format 3.4).
 *
 * Slice-by-8 tables. The bulk loop reads 32-bit words through a Uint32Array view when the data is
 * 4-byte aligned and the platform is little-endian (every browser and Node target in practice);
 * otherwise it falls back to byte loads. CRC64 keeps its 64-bit state as two 32-bit halves.
 */

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export { crc32 } from '../crc32';

/* ---------------------------------------------- CRC64 ---------------------------------------------- */

/** Slice-by-8 tables for the low and high halves (separate tables measured faster than interleaved). */
const L64 = new Int32Array(8 * 256);
const H64 = new Int32Array(8 * 256);
{
  const PLO = 0xd7870f42 | 0;
  const PHI = 0xc96c5795 | 0;
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const bit = lo & 1;
      lo = (lo >>> 1) | (hi << 31);
      hi = hi >>> 1;
      if (bit) {
        lo ^= PLO;
        hi ^= PHI;
      }
    }
    L64[i] = lo;
    H64[i] = hi;
  }
  for (let t = 1; t < 8; t++) {
    for (let i = 0; i < 256; i++) {
      const plo = L64[(t - 1) * 256 + i]!;
      const phi = H64[(t - 1) * 256 + i]!;
      const idx = plo & 0xff;
      L64[t * 256 + i] = ((plo >>> 8) | (phi << 24)) ^ L64[idx]!;
      H64[t * 256 + i] = (phi >>> 8) ^ H64[idx]!;
    }
  }
}

/** A running CRC64. `lo`/`hi` hold the inverted state between calls. */
export class Crc64 {
  private lo = -1;
  private hi = -1;

  update(b: Uint8Array, start = 0, end = b.length): void {
    const L = L64;
    const H = H64;
    let lo = this.lo;
    let hi = this.hi;
    let i = start;
    while (i < end && (b.byteOffset + i) & 3) {
      const x = (lo ^ b[i++]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ L[x]!;
      hi = (hi >>> 8) ^ H[x]!;
    }
    const words = (end - i) >> 3;
    if (words > 0) {
      const w = LITTLE_ENDIAN ? new Int32Array(b.buffer, b.byteOffset + i, words * 2) : null;
      for (let k = 0, p = i; k < words * 2; k += 2, p += 8) {
        let a: number;
        let c: number;
        if (w) {
          a = lo ^ w[k]!;
          c = hi ^ w[k + 1]!;
        } else {
          a = lo ^ (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24));
          c = hi ^ (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24));
        }
        const a0 = 1792 + (a & 0xff);
        const a1 = 1536 + ((a >>> 8) & 0xff);
        const a2 = 1280 + ((a >>> 16) & 0xff);
        const a3 = 1024 + (a >>> 24);
        const c0 = 768 + (c & 0xff);
        const c1 = 512 + ((c >>> 8) & 0xff);
        const c2 = 256 + ((c >>> 16) & 0xff);
        const c3 = c >>> 24;
        lo = L[a0]! ^ L[a1]! ^ L[a2]! ^ L[a3]! ^ L[c0]! ^ L[c1]! ^ L[c2]! ^ L[c3]!;
        hi = H[a0]! ^ H[a1]! ^ H[a2]! ^ H[a3]! ^ H[c0]! ^ H[c1]! ^ H[c2]! ^ H[c3]!;
      }
      i += words * 8;
    }
    while (i < end) {
      const x = (lo ^ b[i++]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ L[x]!;
      hi = (hi >>> 8) ^ H[x]!;
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** The 8 check bytes as xz stores them (little-endian). */
  digest(): Uint8Array {
    const lo = ~this.lo >>> 0;
    const hi = ~this.hi >>> 0;
    return Uint8Array.of(lo, lo >>> 8, lo >>> 16, lo >>> 24, hi, hi >>> 8, hi >>> 16, hi >>> 24);
  }
}
