/**
 * Safe LZO1X block decompressor (decodes LZO1X-1, -1(15) and -999 output alike).
 *
 * Written from the bitstream description in the kernel's Documentation/staging/lzo.rst; no code
 * from the GPL LZO library or its ports is used. Every read and write is bounds-checked: bad input
 * gives an error status, never an out-of-range access or an endless loop (each instruction
 * consumes at least one input byte).
 *
 * Instructions (state = literals copied by the previous instruction, 0..3, or 4 for "4 or more"):
 *   0..15  state 0: literal run of 3 + (L or 15 + zero-run*255 + byte) bytes, then state 4
 *          state 1..3: 2-byte match, distance (H << 2) + D + 1         (one extra byte H)
 *          state 4:    3-byte match, distance (H << 2) + D + 2049      (one extra byte H)
 *   16..31 match of 2 + (L or 7 + …) bytes, distance 16384 + (H << 14) + (LE16 >> 2);
 *          distance 16384 exactly marks the end of the stream
 *   32..63 match of 2 + (L or 31 + …) bytes, distance (LE16 >> 2) + 1
 *   64..255 match of (t >> 5) + 1 bytes, distance ((t >> 2) & 7) + (H << 3) + 1
 * The low 2 bits S of the last distance byte (or of t for 0..15 and 64..255) give 0..3 literals
 * to copy after the match. A first byte above 17 is a literal run of (byte - 17) bytes.
 */

export const LzoStatus = {
  Ok: 0,
  /** The input ended before the end-of-stream marker. */
  InputOverrun: 1,
  /** The output would exceed the block's declared size. */
  OutputOverrun: 2,
  /** A match points before the start of the block. */
  LookbehindOverrun: 3,
  /** The end marker came before the end of the input. */
  InputNotConsumed: 4,
} as const;
export type LzoStatus = (typeof LzoStatus)[keyof typeof LzoStatus];

interface LzoResult {
  status: LzoStatus;
  /** Input position after the last byte read. */
  inPos: number;
  /** Output position after the last byte written. */
  outPos: number;
}

/**
 * Decompress `src[sStart, sEnd)` into `dst[dStart, dEnd)`. Matches may only reach back to
 * `dStart` (lzop blocks are independent).
 */
// eslint-disable-next-line max-lines-per-function -- Long on purpose: the LZO1X decoder state machine, one tight loop with its states as labels (as in lzo1x_decompress_safe.c).
export function lzo1xDecompress(
  src: Uint8Array,
  sStart: number,
  sEnd: number,
  dst: Uint8Array,
  dStart: number,
  dEnd: number,
): LzoResult {
  let ip = sStart;
  let op = dStart;
  let state = 0;
  let t: number;
  if (sEnd > src.length || dEnd > dst.length)
    return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
  if (ip >= sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };

  if (src[ip]! > 17) {
    t = src[ip++]! - 17;
    if (ip + t > sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
    if (op + t > dEnd) return { status: LzoStatus.OutputOverrun, inPos: ip, outPos: op };
    for (let i = 0; i < t; i++) dst[op++] = src[ip++]!;
    state = t < 4 ? t : 4;
  }

  for (;;) {
    if (ip >= sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
    t = src[ip++]!;
    let len: number;
    let dist: number;
    let next: number; // literals after the match
    if (t >= 64) {
      if (ip >= sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
      len = (t >>> 5) + 1;
      dist = ((t >>> 2) & 7) + (src[ip++]! << 3) + 1;
      next = t & 3;
    } else if (t >= 32) {
      len = t & 31;
      if (len === 0) {
        while (ip < sEnd && src[ip] === 0) {
          len += 255;
          ip++;
        }
        if (ip >= sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
        len += 31 + src[ip++]!;
      }
      len += 2;
      if (ip + 2 > sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
      const d = src[ip]! | (src[ip + 1]! << 8);
      ip += 2;
      dist = (d >>> 2) + 1;
      next = d & 3;
    } else if (t >= 16) {
      len = t & 7;
      if (len === 0) {
        while (ip < sEnd && src[ip] === 0) {
          len += 255;
          ip++;
        }
        if (ip >= sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
        len += 7 + src[ip++]!;
      }
      len += 2;
      if (ip + 2 > sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
      const d = src[ip]! | (src[ip + 1]! << 8);
      ip += 2;
      dist = ((t & 8) << 11) + (d >>> 2);
      if (dist === 0) {
        // End of stream.
        return { status: ip === sEnd ? LzoStatus.Ok : LzoStatus.InputNotConsumed, inPos: ip, outPos: op };
      }
      dist += 16384;
      next = d & 3;
    } else if (state === 0) {
      // Literal run of 4 or more.
      len = t;
      if (len === 0) {
        while (ip < sEnd && src[ip] === 0) {
          len += 255;
          ip++;
        }
        if (ip >= sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
        len += 15 + src[ip++]!;
      }
      len += 3;
      if (ip + len > sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
      if (op + len > dEnd) return { status: LzoStatus.OutputOverrun, inPos: ip, outPos: op };
      if (len > 32) {
        dst.set(src.subarray(ip, ip + len), op);
        op += len;
        ip += len;
      } else {
        for (let i = 0; i < len; i++) dst[op++] = src[ip++]!;
      }
      state = 4;
      continue;
    } else {
      if (ip >= sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
      dist = (t >>> 2) + (src[ip++]! << 2) + (state === 4 ? 2049 : 1);
      len = state === 4 ? 3 : 2;
      next = t & 3;
    }

    // Copy the match (byte by byte when it overlaps itself).
    if (dist > op - dStart) return { status: LzoStatus.LookbehindOverrun, inPos: ip, outPos: op };
    if (op + len > dEnd) return { status: LzoStatus.OutputOverrun, inPos: ip, outPos: op };
    let m = op - dist;
    if (dist >= len && len > 32) {
      dst.copyWithin(op, m, m + len);
      op += len;
    } else {
      for (const end = op + len; op < end;) dst[op++] = dst[m++]!;
    }

    // Then 0..3 literals.
    state = next;
    if (next > 0) {
      if (ip + next > sEnd) return { status: LzoStatus.InputOverrun, inPos: ip, outPos: op };
      if (op + next > dEnd) return { status: LzoStatus.OutputOverrun, inPos: ip, outPos: op };
      dst[op++] = src[ip++]!;
      if (next > 1) {
        dst[op++] = src[ip++]!;
        if (next > 2) dst[op++] = src[ip++]!;
      }
    }
  }
}
