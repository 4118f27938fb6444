/**
 * CRC-32 as gzip (RFC 1952), zip, lzop, uImage and xz use it: reflected polynomial 0xEDB88320, init
 * and final XOR ~0. Slice-by-8 tables; the bulk loop reads 32-bit words through an Int32Array view
 * once the data is 4-byte aligned on a little-endian platform, else byte loads. (bzip2's own
 * CRC is checked inside libbz2, src/core/wasm/libbz2.ts.)
 */

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

const T = new Int32Array(8 * 256);
{
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    T[i] = c;
  }
  for (let t = 1; t < 8; t++) {
    for (let i = 0; i < 256; i++) {
      const prev = T[(t - 1) * 256 + i]!;
      T[t * 256 + i] = (prev >>> 8) ^ T[prev & 0xff]!;
    }
  }
}

/**
 * Continue a CRC32 over b[start, end). `crc` is the running value as returned by a previous call
 * (start with 0). Returns the finished CRC (unsigned).
 */
export function crc32(b: Uint8Array, start = 0, end = b.length, crc = 0): number {
  let c = ~crc;
  let i = start;
  // Byte loop until 4-byte aligned.
  while (i < end && (b.byteOffset + i) & 3) c = (c >>> 8) ^ T[(c ^ b[i++]!) & 0xff]!;
  const words = (end - i) >> 3;
  if (words > 0) {
    if (LITTLE_ENDIAN) {
      const w = new Int32Array(b.buffer, b.byteOffset + i, words * 2);
      for (let k = 0; k < w.length; k += 2) {
        const lo = c ^ w[k]!;
        const hi = w[k + 1]!;
        c =
          T[1792 + (lo & 0xff)]! ^
          T[1536 + ((lo >>> 8) & 0xff)]! ^
          T[1280 + ((lo >>> 16) & 0xff)]! ^
          T[1024 + (lo >>> 24)]! ^
          T[768 + (hi & 0xff)]! ^
          T[512 + ((hi >>> 8) & 0xff)]! ^
          T[256 + ((hi >>> 16) & 0xff)]! ^
          T[hi >>> 24]!;
      }
    } else {
      for (let k = 0, p = i; k < words; k++, p += 8) {
        const lo = c ^ (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24));
        const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
        c =
          T[1792 + (lo & 0xff)]! ^
          T[1536 + ((lo >>> 8) & 0xff)]! ^
          T[1280 + ((lo >>> 16) & 0xff)]! ^
          T[1024 + (lo >>> 24)]! ^
          T[768 + (hi & 0xff)]! ^
          T[512 + ((hi >>> 8) & 0xff)]! ^
          T[256 + ((hi >>> 16) & 0xff)]! ^
          T[hi >>> 24]!;
      }
    }
    i += words * 8;
  }
  while (i < end) c = (c >>> 8) ^ T[(c ^ b[i++]!) & 0xff]!;
  return ~c >>> 0;
}
