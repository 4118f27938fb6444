/**
 * x86 BCJ decoder: converts the absolute addresses of CALL (E8) and JMP (E9) rel32 back to
 * relative ones. Same algorithm and state (prev_mask) as xz-embedded's bcj_x86() in
 * xz_dec_bcj.c (public domain, Lasse Collin / Igor Pavlov); written here for in-place streaming.
 */
import { type OutFilter, pcAt } from './filter-types';

const MASK_ALLOWED = [1, 1, 1, 0, 1, 0, 0, 0];
const MASK_BIT_NUM = [0, 1, 2, 2, 3, 3, 3, 3];

/**
 * First index in [i, limit) whose byte is E8 or E9, or `limit`. E8/E9 are rare in code (about
 * 1 byte in 140 in a real vmlinux), so test 4 bytes per step through an aligned word view:
 * x = w ^ E8E8E8E8 with bit 0 of each byte cleared has a zero byte exactly where E8/E9 are
 * (byte order does not matter for "some byte matches").
 */
function skipToCall(b: Uint8Array, w: Int32Array, i: number, limit: number): number {
  const off = b.byteOffset;
  while (i < limit && ((off + i) & 3) !== 0) {
    if ((b[i]! & 0xfe) === 0xe8) return i;
    i++;
  }
  let k = (off + i) >>> 2;
  const kEnd = (off + limit) >>> 2;
  for (; k < kEnd; k++) {
    const x = (w[k]! ^ 0xe8e8e8e8) & 0xfefefefe;
    if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
  }
  if (k * 4 - off > i) i = k * 4 - off;
  while (i < limit && (b[i]! & 0xfe) !== 0xe8) i++;
  return i;
}

export function x86Filter(base: number): OutFilter {
  let state = 0; // prev_mask carried between calls
  return {
    run(b, from, to, last) {
      // The opcode plus its 4 address bytes must be present: the last 4 bytes wait.
      if (to - from <= 4) return last ? to : from;
      const limit = to - 4;
      const w = new Int32Array(b.buffer, 0, b.buffer.byteLength >>> 2);
      let prevPos = from - 1;
      let prevMask = state;
      let i = from;
      for (; i < limit; i++) {
        if ((b[i]! & 0xfe) !== 0xe8) {
          i = skipToCall(b, w, i + 1, limit);
          if (i >= limit) break;
        }
        const d = i - prevPos;
        if (d > 3) {
          prevMask = 0;
        } else {
          prevMask = (prevMask << (d - 1)) & 7;
          if (prevMask !== 0) {
            const x = b[i + 4 - MASK_BIT_NUM[prevMask]!]!;
            if (!MASK_ALLOWED[prevMask] || x === 0 || x === 0xff) {
              prevPos = i;
              prevMask = (prevMask << 1) | 1;
              continue;
            }
          }
        }
        prevPos = i;
        const b4 = b[i + 4]!;
        if (b4 === 0 || b4 === 0xff) {
          let src = (b[i + 1]! | (b[i + 2]! << 8) | (b[i + 3]! << 16) | (b4 << 24)) >>> 0;
          const pc = pcAt(base, i + 5);
          let dest: number;
          for (;;) {
            dest = (src - pc) >>> 0;
            if (prevMask === 0) break;
            const j = MASK_BIT_NUM[prevMask]! * 8;
            const x = (dest >>> (24 - j)) & 0xff;
            if (x !== 0 && x !== 0xff) break;
            src = (dest ^ ((1 << (32 - j)) - 1)) >>> 0;
          }
          // Sign-extend bit 24 into the top byte (only 00 or FF can be there).
          dest = (dest & 0x01ffffff) | -(dest & 0x01000000);
          b[i + 1] = dest;
          b[i + 2] = dest >>> 8;
          b[i + 3] = dest >>> 16;
          b[i + 4] = dest >>> 24;
          i += 4;
        } else {
          prevMask = (prevMask << 1) | 1;
        }
      }
      const d = i - prevPos;
      state = d > 3 ? 0 : prevMask << (d - 1);
      return last ? to : i;
    },
  };
}
