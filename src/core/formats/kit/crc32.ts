/**
 * CRC-32 as gzip (RFC 1952), zip, lzop, uImage and xz use it: reflected polynomial 0xEDB88320, init
 * and final XOR ~0. Slice-by-8 tables; the bulk loop reads 32-bit words through an Int32Array view
 * once the data is 4-byte aligned on a little-endian platform, else byte loads. Also the
 * non-reflected CRC-32 of bzip2 (polynomial 0x04C11DB7, MSB first).
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

/** bzip2's CRC-32: polynomial 0x04C11DB7, most significant bit first, init and final XOR ~0. Slice-by-8. */
const B = new Int32Array(8 * 256);
{
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    B[i] = c;
  }
  for (let t = 1; t < 8; t++) {
    for (let i = 0; i < 256; i++) {
      const prev = B[(t - 1) * 256 + i]!;
      B[t * 256 + i] = (prev << 8) ^ B[(prev >>> 24) & 0xff]!;
    }
  }
}

/** bzip2 CRC of b[start, end). */
export function bzCrc(b: Uint8Array, start: number, end: number): number {
  let c = -1;
  let i = start;
  const stop8 = end - 8;
  while (i <= stop8) {
    const hi = c ^ ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
    c =
      B[1792 + (hi >>> 24)]! ^
      B[1536 + ((hi >>> 16) & 0xff)]! ^
      B[1280 + ((hi >>> 8) & 0xff)]! ^
      B[1024 + (hi & 0xff)]! ^
      B[768 + b[i + 4]!]! ^
      B[512 + b[i + 5]!]! ^
      B[256 + b[i + 6]!]! ^
      B[b[i + 7]!]!;
    i += 8;
  }
  while (i < end) c = (c << 8) ^ B[((c >>> 24) ^ b[i++]!) & 0xff]!;
  return ~c >>> 0;
}
