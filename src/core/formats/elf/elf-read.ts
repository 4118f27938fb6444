/**
 * A bounds-checked reader for the parts of ELF (32/64-bit, LE/BE) that kernel files need: the
 * header, section and program headers, section names, one pass over .symtab looking for a few
 * names, and symbol → file offset. Addresses are BigInt: x86-64 kernel addresses such as
 * 0xffffffff81600000 do not fit a double exactly.
 */
import { bytesAt, ascii, cstr } from '../../bytes';
import { khiError, type KhiError } from '../../errors';

export const ET_NAMES: Record<number, string> = { 1: 'REL', 2: 'EXEC', 3: 'DYN', 4: 'CORE' };
const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
const SHF_ALLOC = 2;
const PT_LOAD = 1;
const SHN_LORESERVE = 0xff00;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** e_machine → [display name, kernel arch]. */
const MACHINES: Record<number, [string, string]> = {
  2: ['SPARC', 'sparc'],
  3: ['i386', 'x86'],
  4: ['m68k', 'm68k'],
  8: ['MIPS', 'mips'],
  15: ['PA-RISC', 'parisc'],
  18: ['SPARC32+', 'sparc'],
  20: ['PowerPC', 'powerpc'],
  21: ['PowerPC64', 'powerpc'],
  22: ['s390', 's390'],
  40: ['ARM', 'arm'],
  42: ['SuperH', 'sh'],
  43: ['SPARC V9', 'sparc'],
  50: ['IA-64', 'ia64'],
  62: ['x86-64', 'x86'],
  92: ['OpenRISC', 'openrisc'],
  94: ['Xtensa', 'xtensa'],
  164: ['Hexagon', 'hexagon'],
  183: ['AArch64', 'arm64'],
  189: ['MicroBlaze', 'microblaze'],
  195: ['ARC', 'arc'],
  243: ['RISC-V', 'riscv'],
  252: ['C-SKY', 'csky'],
  258: ['LoongArch', 'loongarch'],
};

export function machineInfo(m: number): { name: string; arch: string | null } {
  const k = MACHINES[m];
  return k ? { name: k[0], arch: k[1] } : { name: `machine ${m}`, arch: null };
}

interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

interface ElfSegment {
  type: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
}

export interface ElfFile {
  is64: boolean;
  le: boolean;
  type: number;
  machine: number;
  sections: ElfSection[];
  segments: ElfSegment[];
  /** Bytes the ELF occupies: the furthest header table, section or segment end. */
  end: number;
  errors: KhiError[];
}

export interface ElfSymbol {
  value: bigint;
  shndx: number;
}

/** Field reader for one ELF's class and byte order; never reads outside `buf` (returns 0). */
class Fields {
  private readonly dv: DataView;
  constructor(
    readonly buf: Uint8Array,
    readonly is64: boolean,
    readonly le: boolean,
  ) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private ok(o: number, n: number): boolean {
    return o >= 0 && o + n <= this.buf.length;
  }
  u16(o: number): number {
    return this.ok(o, 2) ? this.dv.getUint16(o, this.le) : 0;
  }
  u32(o: number): number {
    return this.ok(o, 4) ? this.dv.getUint32(o, this.le) : 0;
  }
  /** An address-sized field (u32 or u64) as BigInt. */
  addr(o: number): bigint {
    if (!this.is64) return BigInt(this.u32(o));
    return this.ok(o, 8) ? this.dv.getBigUint64(o, this.le) : 0n;
  }
  /** An address-sized offset or size as a number; values past 2^53 saturate (always out of bounds). */
  word(o: number): number {
    const v = this.addr(o);
    return v > MAX ? Number.MAX_SAFE_INTEGER : Number(v);
  }
}

/** The ELF header's table locations (e_phoff/e_shoff and their entry sizes and counts). */
interface Tables {
  /** Offset of e_ehsize: e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx follow it. */
  hb: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/** How many of `n` table entries of `size` bytes at `off` fit in the file (an error when not all). */
function fitting(
  buf: Uint8Array,
  off: number,
  size: number,
  n: number,
  what: string,
  errors: KhiError[],
): number {
  const fit = Math.max(0, Math.floor((buf.length - off) / size));
  if (n <= fit) return n;
  errors.push(khiError('truncated', `The ELF declares ${n} ${what}, but only ${fit} fit in the file.`, off));
  return fit;
}

/** The section headers (names read from e_shstrndx); `end` grows to cover them and their data. */
function readSections(f: Fields, t: Tables, errors: KhiError[], end: { at: number }): ElfSection[] {
  const { buf, is64 } = f;
  const { shoff, shentsize } = t;
  const shMin = is64 ? 64 : 40;
  if (shoff === 0) return [];
  if (shentsize < shMin) {
    const msg = `The ELF section header size ${shentsize} is too small (needs ${shMin}).`;
    errors.push(khiError('corrupt', msg, t.hb + 6));
    return [];
  }
  let shnum = t.shnum;
  let shstrndx = t.shstrndx;
  if (shnum === 0 && shoff + shMin <= buf.length) shnum = f.word(shoff + (is64 ? 32 : 20)); // real count in shdr[0].sh_size
  if (shstrndx === 0xffff) shstrndx = f.u32(shoff + (is64 ? 40 : 24));
  shnum = fitting(buf, shoff, shentsize, shnum, `section headers at ${shoff}`, errors);
  end.at = Math.max(end.at, shoff + shnum * shentsize);
  const sections: ElfSection[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push({
      index: i,
      name: '',
      type: f.u32(o + 4),
      flags: Number(f.addr(o + 8) & 0xffffffffn),
      addr: f.addr(o + (is64 ? 16 : 12)),
      offset: f.word(o + (is64 ? 24 : 16)),
      size: f.word(o + (is64 ? 32 : 20)),
      link: f.u32(o + (is64 ? 40 : 24)),
      entsize: f.word(o + (is64 ? 56 : 36)),
    });
  }
  nameSections(f, t, sections, shstrndx, errors);
  for (const s of sections) {
    if (s.type !== SHT_NOBITS && s.size > 0 && s.offset + s.size <= buf.length)
      end.at = Math.max(end.at, s.offset + s.size);
  }
  return sections;
}

/** Each section's name from the section name table (a warning when its index is invalid). */
function nameSections(
  f: Fields,
  t: Tables,
  sections: ElfSection[],
  shstrndx: number,
  errors: KhiError[],
): void {
  const { buf } = f;
  const strtab = sections[shstrndx];
  if (strtab && strtab.type !== SHT_NOBITS && strtab.offset < buf.length) {
    const limit = Math.min(buf.length, strtab.offset + strtab.size);
    for (const s of sections) {
      const at = strtab.offset + f.u32(t.shoff + s.index * t.shentsize);
      if (at < limit) s.name = cstr(buf, at, Math.min(256, limit - at));
    }
  } else if (sections.length > 0) {
    const msg = `The ELF section name table index ${shstrndx} is invalid.`;
    errors.push(khiError('corrupt', msg, t.hb + 10, 'warning'));
  }
}

/** The program headers; `end` grows to cover them and their file data. */
function readSegments(f: Fields, t: Tables, errors: KhiError[], end: { at: number }): ElfSegment[] {
  const { buf, is64 } = f;
  const { phoff, phentsize } = t;
  const phMin = is64 ? 56 : 32;
  if (phoff === 0 || t.phnum === 0) return [];
  if (phentsize < phMin) {
    const msg = `The ELF program header size ${phentsize} is too small (needs ${phMin}).`;
    errors.push(khiError('corrupt', msg, t.hb + 2));
    return [];
  }
  const phnum = fitting(buf, phoff, phentsize, t.phnum, 'program headers', errors);
  end.at = Math.max(end.at, phoff + phnum * phentsize);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const seg: ElfSegment = {
      type: f.u32(o),
      offset: f.word(o + (is64 ? 8 : 4)),
      vaddr: f.addr(o + (is64 ? 16 : 8)),
      filesz: f.word(o + (is64 ? 32 : 16)),
    };
    segments.push(seg);
    if (seg.filesz > 0 && seg.offset + seg.filesz <= buf.length)
      end.at = Math.max(end.at, seg.offset + seg.filesz);
  }
  return segments;
}

export function readElf(buf: Uint8Array): ElfFile | null {
  if (buf.length < 52 || buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46)
    return null;
  const cls = buf[4];
  const data = buf[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2) || buf[6] !== 1) return null;
  const is64 = cls === 2;
  if (is64 && buf.length < 64) return null;
  const f = new Fields(buf, is64, data === 1);
  const errors: KhiError[] = [];
  const hb = is64 ? 52 : 40; // e_ehsize
  const t: Tables = {
    hb,
    phoff: f.word(is64 ? 32 : 28),
    phentsize: f.u16(hb + 2),
    phnum: f.u16(hb + 4),
    shoff: f.word(is64 ? 40 : 32),
    shentsize: f.u16(hb + 6),
    shnum: f.u16(hb + 8),
    shstrndx: f.u16(hb + 10),
  };
  const end = { at: is64 ? 64 : 52 };
  const sections = readSections(f, t, errors, end);
  const segments = readSegments(f, t, errors, end);
  return {
    is64,
    le: data === 1,
    type: f.u16(16),
    machine: f.u16(18),
    sections,
    segments,
    end: end.at,
    errors,
  };
}

const symbolTable = (elf: ElfFile): ElfSection | undefined => elf.sections.find((s) => s.type === SHT_SYMTAB);

/** Symbols in .symtab (a bounds-checked count). */
export function symbolCount(elf: ElfFile, bufLength: number): number {
  const st = symbolTable(elf);
  if (!st || st.offset >= bufLength) return 0;
  const ent = Math.max(st.entsize, elf.is64 ? 24 : 16);
  return Math.floor(Math.min(st.size, bufLength - st.offset) / ent);
}

/**
 * One pass over .symtab looking for `names`. Compares bytes in the string table directly, so a
 * kernel with 100k symbols costs no string allocations.
 */
export function findSymbols(buf: Uint8Array, elf: ElfFile, names: string[]): Map<string, ElfSymbol> {
  const found = new Map<string, ElfSymbol>();
  const st = symbolTable(elf);
  const strtab = st ? elf.sections[st.link] : undefined;
  if (!st || !strtab || strtab.offset >= buf.length) return found;
  const f = new Fields(buf, elf.is64, elf.le);
  const ent = Math.max(st.entsize, elf.is64 ? 24 : 16);
  const count = symbolCount(elf, buf.length);
  const strEnd = Math.min(buf.length, strtab.offset + strtab.size);
  const targets = names.map((n) => ({ name: n, bytes: ascii(n + '\0') }));
  const firsts = new Set(targets.map((t) => t.bytes[0]!));
  for (let i = 0; i < count && found.size < targets.length; i++) {
    const o = st.offset + i * ent;
    const at = strtab.offset + f.u32(o);
    if (at >= strEnd || !firsts.has(buf[at]!)) continue;
    for (const t of targets) {
      if (at + t.bytes.length <= strEnd && !found.has(t.name) && bytesAt(buf, at, t.bytes)) {
        found.set(
          t.name,
          elf.is64
            ? { value: f.addr(o + 8), shndx: f.u16(o + 6) }
            : { value: f.addr(o + 4), shndx: f.u16(o + 14) },
        );
      }
    }
  }
  return found;
}

/** Section a symbol belongs to, when its index is an ordinary one. */
export function symbolSection(elf: ElfFile, sym: ElfSymbol): ElfSection | undefined {
  return sym.shndx > 0 && sym.shndx < SHN_LORESERVE ? elf.sections[sym.shndx] : undefined;
}

/**
 * File offset of a symbol's value. ET_REL: value is relative to its section. Otherwise it is a
 * virtual address: its own section, any allocated section, then PT_LOAD segments.
 */
export function symbolOffset(elf: ElfFile, sym: ElfSymbol): number | null {
  const own = symbolSection(elf, sym);
  if (elf.type === 1) {
    if (!own || own.type === SHT_NOBITS || sym.value > BigInt(own.size)) return null;
    return own.offset + Number(sym.value);
  }
  const v = sym.value;
  const inSec = (s: ElfSection): boolean =>
    s.type !== SHT_NOBITS && s.size > 0 && s.addr <= v && v <= s.addr + BigInt(s.size);
  const sec = own && inSec(own) ? own : elf.sections.find((s) => (s.flags & SHF_ALLOC) !== 0 && inSec(s));
  if (sec) return sec.offset + Number(v - sec.addr);
  const seg = elf.segments.find((p) => p.type === PT_LOAD && p.vaddr <= v && v < p.vaddr + BigInt(p.filesz));
  return seg ? seg.offset + Number(v - seg.vaddr) : null;
}
