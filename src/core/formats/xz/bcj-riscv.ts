/**
 * RISC-V BCJ decoder (filter 0x0B, XZ Utils 5.6+). Follows liblzma's riscv_decode() (0BSD,
 * src/liblzma/simple/riscv.c), which documents the format:
 * - JAL with rd = x1 or x5: the encoder stored the absolute 20-bit target, bits permuted to a
 *   big-endian-like order in bytes 1..3; the decoder subtracts pc and restores the J-type layout.
 * - AUIPC + inst2 pairs: the encoder wrote AUIPC with rd = x2 (a "special" marker), the low 20
 *   bits of inst2 in AUIPC's immediate, and the absolute address big-endian in inst2's place.
 *   Real AUIPC (rd not x0/x2) followed by a matching inst2 was "fake"-encoded by the encoder to stay
 *   bijective, and is re-encoded here the same simple way.
 * Instructions are 2-byte aligned (C extension), and a match needs 8 bytes of look-ahead.
 */
import { type OutFilter, pcAt } from './filter-types';

const rd32le = (b: Uint8Array, i: number): number =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

function wr32le(b: Uint8Array, i: number, v: number): void {
  b[i] = v;
  b[i + 1] = v >>> 8;
  b[i + 2] = v >>> 16;
  b[i + 3] = v >>> 24;
}

export function riscvFilter(base: number): OutFilter {
  return {
    run(b, from, to, last) {
      if (to - from < 8) return last ? to : from;
      const limit = to - 8;
      let i = from;
      for (; i <= limit; i += 2) {
        let inst = b[i]!;
        if (inst === 0xef) {
          // JAL; only rd = x1 (ra) and x5 (t0) were converted.
          const b1 = b[i + 1]!;
          if ((b1 & 0x0d) !== 0) continue;
          const b2 = b[i + 2]!;
          const b3 = b[i + 3]!;
          const addr = ((((b1 & 0xf0) << 13) | (b2 << 9) | (b3 << 1)) - pcAt(base, i)) >>> 0;
          b[i + 1] = (b1 & 0x0f) | ((addr >>> 8) & 0xf0);
          b[i + 2] = ((addr >>> 16) & 0x0f) | ((addr >>> 7) & 0x10) | ((addr << 4) & 0xe0);
          b[i + 3] = ((addr >>> 4) & 0x7f) | ((addr >>> 13) & 0x80);
          i += 4 - 2;
        } else if ((inst & 0x7f) === 0x17) {
          // AUIPC
          inst = rd32le(b, i);
          let inst2: number;
          if (inst & 0xe80) {
            // rd is not x0 or x2: undo the encoder's "fake" conversion if this is a pair.
            inst2 = rd32le(b, i + 4);
            // Not a pair unless AUIPC rd == inst2 rs1 and inst2 is a 32-bit instruction.
            if (((inst << 8) ^ (inst2 - 3)) & 0xf8003) {
              i += 6 - 2;
              continue;
            }
            const addr = ((inst & 0xfffff000) + (inst2 >>> 20)) >>> 0;
            inst = (0x17 | (2 << 7) | (inst2 << 12)) >>> 0;
            inst2 = addr;
          } else {
            // rd is x0 or x2: a real pair only in the encoder's special format.
            const inst2Rs1 = inst >>> 27;
            if (((inst - 0x3117) << 18) >>> 0 >= (inst2Rs1 & 0x1d)) {
              i += 4 - 2;
              continue;
            }
            const addr =
              (((b[i + 4]! << 24) | (b[i + 5]! << 16) | (b[i + 6]! << 8) | b[i + 7]!) - pcAt(base, i)) >>> 0;
            inst2 = ((inst >>> 12) | (addr << 20)) >>> 0;
            inst = (0x17 | (inst2Rs1 << 7) | ((addr + 0x800) & 0xfffff000)) >>> 0;
          }
          wr32le(b, i, inst);
          wr32le(b, i + 4, inst2);
          i += 8 - 2;
        }
      }
      return last ? to : i;
    },
  };
}
