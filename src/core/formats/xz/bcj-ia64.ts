/**
 * IA-64 (Itanium) BCJ decoder. 16-byte bundles; the template (low 5 bits of byte 0) says which of
 * the three 41-bit slots may hold a branch; IP-relative branches (opcode 5, btype 0) get their
 * 21-bit bundle offset converted back. Same algorithm as xz-embedded's bcj_ia64().
 * The 41-bit slot is handled as a BigInt: Itanium payloads are rare, clarity wins over speed.
 */
import { type OutFilter, pcAt } from './filter-types';

/** Per template: bit mask of the slots that can be branches. */
const BRANCH_TABLE = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 6, 6, 0, 0, 7, 7, 4, 4, 0, 0, 4, 4, 0, 0,
];

export function ia64Filter(base: number): OutFilter {
  return {
    run(b, from, to, last) {
      const end = from + ((to - from) & ~15);
      for (let i = from; i < end; i += 16) {
        const mask = BRANCH_TABLE[b[i]! & 0x1f]!;
        if (mask === 0) continue;
        for (let slot = 0, bitPos = 5; slot < 3; slot++, bitPos += 41) {
          if (((mask >>> slot) & 1) === 0) continue;
          const bytePos = i + (bitPos >>> 3);
          const bitRes = BigInt(bitPos & 7);
          let instr = 0n;
          for (let j = 0; j < 6; j++) instr |= BigInt(b[bytePos + j]!) << BigInt(8 * j);
          let norm = instr >> bitRes;
          if (((norm >> 37n) & 0xfn) !== 5n || ((norm >> 9n) & 7n) !== 0n) continue;
          let addr = Number((norm >> 13n) & 0xfffffn) | (Number((norm >> 36n) & 1n) << 20);
          addr = (((addr << 4) - pcAt(base, i)) >>> 0) >>> 4;
          norm &= ~(0x8fffffn << 13n);
          norm |= BigInt(addr & 0xfffff) << 13n;
          norm |= BigInt(addr & 0x100000) << 16n;
          instr &= (1n << bitRes) - 1n;
          instr |= norm << bitRes;
          for (let j = 0; j < 6; j++) b[bytePos + j] = Number((instr >> BigInt(8 * j)) & 0xffn);
        }
      }
      return last ? to : end;
    },
  };
}
