/**
 * CRC-32 as gzip (RFC 1952), zip and xz use it: reflected polynomial 0xEDB88320, init and final
 * XOR ~0. Slice-by-8 tables; the bulk loop reads the bytes directly (no aligned views), so it works
 * on any subarray. Also the non-reflected CRC-32 of bzip2 (polynomial 0x04C11DB7, MSB first).
 */

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
 * CRC-32 of b[start, end), continuing from `crc` (the finished value of a previous call; 0 to
 * start). Returns the finished CRC as an unsigned number.
 */
export function crc32(b: Uint8Array, start = 0, end = b.length, crc = 0): number {
  let c = ~crc;
  let i = start;
  const stop8 = end - 8;
  while (i <= stop8) {
    const lo = c ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
    c =
      T[1792 + (lo & 0xff)]! ^
      T[1536 + ((lo >>> 8) & 0xff)]! ^
      T[1280 + ((lo >>> 16) & 0xff)]! ^
      T[1024 + (lo >>> 24)]! ^
      T[768 + b[i + 4]!]! ^
      T[512 + b[i + 5]!]! ^
      T[256 + b[i + 6]!]! ^
      T[b[i + 7]!]!;
    i += 8;
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
