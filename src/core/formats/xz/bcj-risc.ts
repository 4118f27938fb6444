/**
 * BCJ decoders for fixed-width instruction sets: ARM, ARM-Thumb, ARM64, PowerPC, SPARC.
 * Same conversions as xz-embedded's xz_dec_bcj.c and liblzma's simple/*.c (public domain / 0BSD):
 * each finds branch instructions whose target was made absolute by the encoder and subtracts the
 * program counter again. Stateless apart from the position, so a call stops at the last whole
 * instruction and the caller hands the remainder back with the next chunk.
 */
import { type OutFilter, pcAt } from './filter-types';

/** ARM: BL with condition "always" (byte 3 = 0xEB), 24-bit word offset, pc + 8. */
export function armFilter(base: number): OutFilter {
  return {
    run(b, from, to, last) {
      const end = from + ((to - from) & ~3);
      for (let i = from; i < end; i += 4) {
        if (b[i + 3] !== 0xeb) continue;
        let addr = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
        addr = (((addr << 2) - (pcAt(base, i) + 8)) >>> 2) & 0xffffff;
        b[i] = addr;
        b[i + 1] = addr >>> 8;
        b[i + 2] = addr >>> 16;
      }
      return last ? to : end;
    },
  };
}

/** ARM-Thumb: the BL pair (F000 F800 halfwords), 22-bit halfword offset, pc + 4. */
export function armThumbFilter(base: number): OutFilter {
  return {
    run(b, from, to, last) {
      if (to - from < 4) return last ? to : from;
      const limit = to - 4;
      let i = from;
      for (; i <= limit; i += 2) {
        if ((b[i + 1]! & 0xf8) !== 0xf0 || (b[i + 3]! & 0xf8) !== 0xf8) continue;
        let addr = ((b[i + 1]! & 7) << 19) | (b[i]! << 11) | ((b[i + 3]! & 7) << 8) | b[i + 2]!;
        addr = ((addr << 1) - (pcAt(base, i) + 4)) >>> 1;
        b[i + 1] = 0xf0 | ((addr >>> 19) & 7);
        b[i] = addr >>> 11;
        b[i + 3] = 0xf8 | ((addr >>> 8) & 7);
        b[i + 2] = addr;
        i += 2;
      }
      return last ? to : i;
    },
  };
}

/** ARM64: BL (26-bit word offset) and ADRP (21-bit page offset, only within +/-512 MiB). */
export function arm64Filter(base: number): OutFilter {
  return {
    run(b, from, to, last) {
      const end = from + ((to - from) & ~3);
      for (let i = from; i < end; i += 4) {
        let instr = (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
        const pc = pcAt(base, i);
        if (instr >>> 26 === 0x25) {
          const addr = instr - (pc >>> 2);
          instr = (0x94000000 | (addr & 0x03ffffff)) >>> 0;
        } else if ((instr & 0x9f000000) >>> 0 === 0x90000000) {
          let addr = ((instr >>> 29) & 3) | ((instr >>> 3) & 0x1ffffc);
          if ((addr + 0x020000) & 0x1c0000) continue;
          addr = (addr - (pc >>> 12)) >>> 0;
          instr &= 0x9000001f;
          instr |= (addr & 3) << 29;
          instr |= (addr & 0x03fffc) << 3;
          instr |= -(addr & 0x020000) & 0xe00000;
        } else {
          continue;
        }
        b[i] = instr;
        b[i + 1] = instr >>> 8;
        b[i + 2] = instr >>> 16;
        b[i + 3] = instr >>> 24;
      }
      return last ? to : end;
    },
  };
}

/** PowerPC (big-endian): "bl" = opcode 18 with AA=0, LK=1 (0x48000001 under mask 0xFC000003). */
export function powerPcFilter(base: number): OutFilter {
  return {
    run(b, from, to, last) {
      const end = from + ((to - from) & ~3);
      for (let i = from; i < end; i += 4) {
        if ((b[i]! & 0xfc) !== 0x48 || (b[i + 3]! & 3) !== 1) continue;
        let instr = (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
        instr = (((instr & 0x03fffffc) - pcAt(base, i)) & 0x03fffffc) | 0x48000001;
        b[i] = instr >>> 24;
        b[i + 1] = instr >>> 16;
        b[i + 2] = instr >>> 8;
        b[i + 3] = instr;
      }
      return last ? to : end;
    },
  };
}

/** SPARC (big-endian): "call" with a displacement whose top bits are all 0 or all 1. */
export function sparcFilter(base: number): OutFilter {
  return {
    run(b, from, to, last) {
      const end = from + ((to - from) & ~3);
      for (let i = from; i < end; i += 4) {
        const b0 = b[i]!;
        const b1 = b[i + 1]!;
        if (!((b0 === 0x40 && (b1 & 0xc0) === 0) || (b0 === 0x7f && (b1 & 0xc0) === 0xc0))) continue;
        let instr = ((b0 << 24) | (b1 << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
        instr = (((instr << 2) - pcAt(base, i)) >>> 0) >>> 2;
        instr = ((0x40000000 - (instr & 0x400000)) | 0x40000000 | (instr & 0x3fffff)) >>> 0;
        b[i] = instr >>> 24;
        b[i + 1] = instr >>> 16;
        b[i + 2] = instr >>> 8;
        b[i + 3] = instr;
      }
      return last ? to : end;
    },
  };
}
