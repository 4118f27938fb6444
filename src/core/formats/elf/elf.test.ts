import { describe, expect, it } from 'vitest';
import { elf } from './elf';

interface Sym {
  name: string;
  value: bigint;
  /** Section index; default 1 (.rodata). */
  shndx?: number;
}
interface Spec {
  is64: boolean;
  le: boolean;
  /** 1 REL, 2 EXEC, 3 DYN. */
  type: number;
  machine: number;
  rodata: Uint8Array;
  /** Virtual address of .rodata (0 for REL). */
  rodataAddr?: bigint;
  symbols?: Sym[] | null;
  modinfo?: string[];
  /** Give .rodata an sh_addr that does not cover the data (forces the PT_LOAD fallback). */
  hideRodataAddr?: boolean;
}

/**
 * A small ELF built in memory: ehdr, [one PT_LOAD], .rodata, [.modinfo], [.symtab, .strtab],
 * .shstrtab, section headers. Returns the bytes and the file offset of .rodata.
 */
function buildElf(s: Spec): { bytes: Uint8Array; rodataOff: number } {
  const { is64, le } = s;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const symsize = is64 ? 24 : 16;
  const hasPh = s.type !== 1;
  const enc = new TextEncoder();
  const names = ['', '.rodata', '.shstrtab'];
  const secs: {
    name: string;
    type: number;
    flags: number;
    addr: bigint;
    data: Uint8Array;
    link?: number;
    entsize?: number;
  }[] = [];
  secs.push({
    name: '.rodata',
    type: 1,
    flags: 2,
    addr: s.hideRodataAddr ? 0x10n : (s.rodataAddr ?? 0n),
    data: s.rodata,
  });
  if (s.modinfo)
    secs.push({
      name: '.modinfo',
      type: 1,
      flags: 2,
      addr: 0n,
      data: enc.encode(s.modinfo.map((x) => x + '\0').join('')),
    });
  if (s.symbols) {
    let strtab = '\0';
    const sym = new Uint8Array(symsize * (s.symbols.length + 1));
    const sdv = new DataView(sym.buffer);
    s.symbols.forEach((x, i) => {
      const o = (i + 1) * symsize;
      const nameOff = strtab.length;
      strtab += x.name + '\0';
      sdv.setUint32(o, nameOff, le);
      if (is64) {
        sym[o + 4] = 0x10; // GLOBAL NOTYPE
        sdv.setUint16(o + 6, x.shndx ?? 1, le);
        sdv.setBigUint64(o + 8, x.value, le);
      } else {
        sdv.setUint32(o + 4, Number(x.value), le);
        sym[o + 12] = 0x10;
        sdv.setUint16(o + 14, x.shndx ?? 1, le);
      }
    });
    const symIndex = secs.length + 1;
    secs.push({
      name: '.symtab',
      type: 2,
      flags: 0,
      addr: 0n,
      data: sym,
      link: symIndex + 1,
      entsize: symsize,
    });
    secs.push({ name: '.strtab', type: 3, flags: 0, addr: 0n, data: enc.encode(strtab) });
  }
  for (const x of secs) if (!names.includes(x.name)) names.push(x.name);
  const shstr = names.join('\0') + '\0';
  const nameOff = (n: string): number => (n === '' ? 0 : shstr.indexOf('\0' + n + '\0') + 1);
  secs.push({ name: '.shstrtab', type: 3, flags: 0, addr: 0n, data: enc.encode(shstr) });

  let off = ehsize + (hasPh ? phentsize : 0);
  const placed = secs.map((x) => {
    off = Math.ceil(off / 16) * 16;
    const at = off;
    off += x.data.length;
    return at;
  });
  const shoff = Math.ceil(off / 8) * 8;
  const total = shoff + shentsize * (secs.length + 1);
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1], 0);
  dv.setUint16(16, s.type, le);
  dv.setUint16(18, s.machine, le);
  dv.setUint32(20, 1, le);
  const hb = is64 ? 52 : 40;
  if (is64) {
    dv.setBigUint64(32, hasPh ? BigInt(ehsize) : 0n, le);
    dv.setBigUint64(40, BigInt(shoff), le);
  } else {
    dv.setUint32(28, hasPh ? ehsize : 0, le);
    dv.setUint32(32, shoff, le);
  }
  dv.setUint16(hb, ehsize, le);
  dv.setUint16(hb + 2, phentsize, le);
  dv.setUint16(hb + 4, hasPh ? 1 : 0, le);
  dv.setUint16(hb + 6, shentsize, le);
  dv.setUint16(hb + 8, secs.length + 1, le);
  dv.setUint16(hb + 10, secs.length, le); // .shstrtab is last
  if (hasPh) {
    const p = ehsize;
    const vaddr = s.rodataAddr ?? 0n;
    dv.setUint32(p, 1, le); // PT_LOAD
    if (is64) {
      dv.setBigUint64(p + 8, BigInt(placed[0]!), le);
      dv.setBigUint64(p + 16, vaddr, le);
      dv.setBigUint64(p + 32, BigInt(s.rodata.length), le);
      dv.setBigUint64(p + 40, BigInt(s.rodata.length), le);
    } else {
      dv.setUint32(p + 4, placed[0]!, le);
      dv.setUint32(p + 8, Number(vaddr), le);
      dv.setUint32(p + 16, s.rodata.length, le);
      dv.setUint32(p + 20, s.rodata.length, le);
    }
  }
  secs.forEach((x, i) => {
    b.set(x.data, placed[i]!);
    const o = shoff + (i + 1) * shentsize;
    dv.setUint32(o, nameOff(x.name), le);
    dv.setUint32(o + 4, x.type, le);
    if (is64) {
      dv.setBigUint64(o + 8, BigInt(x.flags), le);
      dv.setBigUint64(o + 16, x.addr, le);
      dv.setBigUint64(o + 24, BigInt(placed[i]!), le);
      dv.setBigUint64(o + 32, BigInt(x.data.length), le);
      dv.setUint32(o + 40, x.link ?? 0, le);
      dv.setBigUint64(o + 56, BigInt(x.entsize ?? 0), le);
    } else {
      dv.setUint32(o + 8, x.flags, le);
      dv.setUint32(o + 12, Number(x.addr), le);
      dv.setUint32(o + 16, placed[i]!, le);
      dv.setUint32(o + 20, x.data.length, le);
      dv.setUint32(o + 24, x.link ?? 0, le);
      dv.setUint32(o + 36, x.entsize ?? 0, le);
    }
  });
  return { bytes: b, rodataOff: placed[0]! };
}

/** .rodata: 16 bytes of padding, a 100-byte "xz" blob, 8 bytes, a 40-byte "gzip" blob, a banner. */
const BANNER = 'Linux version 6.6.6-test (a@b) #1 SMP\n';
function rodata(): Uint8Array {
  const r = new Uint8Array(16 + 100 + 8 + 40 + 64);
  r.set([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0], 16);
  r.set([0x1f, 0x8b, 8], 124);
  r.set(new TextEncoder().encode(BANNER), 164);
  return r;
}
const blobSyms = (base: bigint): Sym[] => [
  { name: 'kernel_headers_data', value: base + 16n },
  { name: 'kernel_headers_data_end', value: base + 116n },
  { name: 'kernel_config_data', value: base + 124n },
  { name: 'kernel_config_data_end', value: base + 164n },
];
const open = (b: Uint8Array): ReturnType<typeof elf.open> => elf.open(b, elf.probe(b)!);
const spans = (o: ReturnType<typeof elf.open>): [string, number, number | null, string | undefined][] =>
  o.regions.map((r) => [r.label, r.offset, r.length, r.expect]);

describe('ELF', () => {
  it.each([
    ['ELF64 BE PowerPC64 vmlinux', true, false, 2, 21, 0xc000000001230000n, 'powerpc'],
    ['ELF64 LE AArch64 vmlinux (ET_DYN)', true, true, 3, 183, 0xffff800081230000n, 'arm64'],
    ['ELF32 BE MIPS vmlinux', false, false, 2, 8, 0x80400000n, 'mips'],
    ['ELF32 LE ARM vmlinux', false, true, 2, 40, 0xc0800000n, 'arm'],
    ['ELF64 BE s390 module', true, false, 1, 22, 0n, 's390'],
    ['ELF32 BE MIPS module', false, false, 1, 8, 0n, 'mips'],
    ['ELF64 LE RISC-V module', true, true, 1, 243, 0n, 'riscv'],
  ])('%s: blobs by symbol', (_what, is64, le, type, machine, addr, arch) => {
    const { bytes, rodataOff } = buildElf({
      is64,
      le,
      type,
      machine,
      rodata: rodata(),
      rodataAddr: addr,
      symbols: blobSyms(addr),
    });
    const hit = elf.probe(bytes)!;
    expect(hit.fields).toMatchObject({
      class: is64 ? 'ELF64' : 'ELF32',
      endianness: le ? 'little-endian' : 'big-endian',
      symbols: 5,
    });
    expect(hit.length).toBe(bytes.length);
    const o = elf.open(bytes, hit);
    expect(spans(o)).toEqual([
      ['kheaders archive (kernel_headers_data)', rodataOff + 16, 100, 'xz'],
      ['kernel config (kernel_config_data)', rodataOff + 124, 40, 'gzip'],
    ]);
    expect(o.regions[0]!.foundBy).toBe('elf-symbol');
    expect(o.regions[0]!.fields).toMatchObject({ symbol: 'kernel_headers_data', section: '.rodata' });
    expect(o.facts?.arch).toBe(arch);
    expect(o.errors).toEqual([]);
    expect(o.scanRest).toBe(true);
  });

  it('finds linux_banner by symbol and takes the version from it', () => {
    const addr = 0xffffffff82000000n;
    const syms = [...blobSyms(addr), { name: 'linux_banner', value: addr + 164n }];
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 2,
      machine: 62,
      rodata: rodata(),
      rodataAddr: addr,
      symbols: syms,
    });
    expect(open(bytes).facts).toEqual({ arch: 'x86', version: '6.6.6-test', banner: BANNER.trim() });
  });

  it('finds the banner in .rodata of a stripped kernel', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 2,
      machine: 62,
      rodata: rodata(),
      rodataAddr: 0x1000n,
      symbols: null,
    });
    const hit = elf.probe(bytes)!;
    expect(hit.fields['symbols']).toBe(0);
    expect(hit.notes.join(' ')).toMatch(/stripped/);
    const o = elf.open(bytes, hit);
    expect(o.regions).toEqual([]);
    expect(o.facts?.version).toBe('6.6.6-test');
    expect(o.scanRest).toBe(true);
  });

  it('falls back to PT_LOAD when no section covers the address', () => {
    const addr = 0xffffffff81000000n;
    const syms = blobSyms(addr).map((x) => ({ ...x, shndx: 0xfff1 })); // SHN_ABS
    const { bytes, rodataOff } = buildElf({
      is64: true,
      le: true,
      type: 2,
      machine: 62,
      rodata: rodata(),
      rodataAddr: addr,
      symbols: syms,
      hideRodataAddr: true,
    });
    expect(spans(open(bytes))[0]).toEqual([
      'kheaders archive (kernel_headers_data)',
      rodataOff + 16,
      100,
      'xz',
    ]);
  });

  it('reads .modinfo: name, vermagic → version', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 1,
      machine: 62,
      rodata: rodata(),
      symbols: blobSyms(0n),
      modinfo: [
        'license=GPL v2',
        'name=kheaders',
        'vermagic=6.1.0-56-amd64 SMP preempt mod_unload modversions ',
      ],
    });
    const hit = elf.probe(bytes)!;
    expect(hit.label).toBe('ELF64 LE REL, x86-64 (kernel module "kheaders")');
    expect(hit.fields).toMatchObject({
      'module name': 'kheaders',
      'kheaders module': 'yes',
      vermagic: '6.1.0-56-amd64 SMP preempt mod_unload modversions',
    });
    expect(elf.open(bytes, hit).facts).toEqual({ arch: 'x86', version: '6.1.0-56-amd64' });
  });

  it('gives an open-ended region when the end symbol is missing', () => {
    const syms = blobSyms(0n).filter((x) => x.name !== 'kernel_headers_data_end');
    const { bytes, rodataOff } = buildElf({
      is64: true,
      le: true,
      type: 1,
      machine: 62,
      rodata: rodata(),
      symbols: syms,
    });
    const r = open(bytes).regions[0]!;
    expect([r.offset, r.length]).toEqual([rodataOff + 16, null]);
    expect(r.notes?.[0]).toMatch(/No kernel_headers_data_end/);
  });

  it('warns when the end symbol is before the start, or in another section', () => {
    const syms = blobSyms(0n);
    syms[1] = { name: 'kernel_headers_data_end', value: 4n };
    syms[3] = { name: 'kernel_config_data_end', value: 164n, shndx: 2 };
    const o = open(
      buildElf({ is64: true, le: true, type: 1, machine: 62, rodata: rodata(), symbols: syms }).bytes,
    );
    expect(o.regions.map((r) => r.length)).toEqual([null, null]);
    expect(o.errors.map((e) => [e.code, e.severity])).toEqual([
      ['corrupt', 'warning'],
      ['corrupt', 'warning'],
    ]);
  });

  it('clips a blob whose end symbol points past the file', () => {
    const syms = blobSyms(0n);
    syms[1] = { name: 'kernel_headers_data_end', value: 1_000_000n };
    const { bytes, rodataOff } = buildElf({
      is64: false,
      le: true,
      type: 1,
      machine: 3,
      rodata: rodata(),
      symbols: syms,
    });
    const o = open(bytes);
    expect(o.regions[0]).toMatchObject({ offset: rodataOff + 16, length: bytes.length - rodataOff - 16 });
    expect(o.errors[0]).toMatchObject({ code: 'truncated', offset: rodataOff + 16 });
  });

  it('reports a symbol that resolves nowhere', () => {
    const syms = blobSyms(0x5000n);
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 2,
      machine: 62,
      rodata: rodata(),
      rodataAddr: 0x1000n,
      symbols: syms,
    });
    const o = open(bytes);
    expect(o.regions).toEqual([]);
    expect(o.errors[0]?.message).toMatch(/kernel_headers_data points outside/);
  });

  it('reports a section table cut short, and keeps what fits', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 1,
      machine: 62,
      rodata: rodata(),
      symbols: blobSyms(0n),
    });
    const cut = bytes.subarray(0, bytes.length - 64 - 10); // 5 headers declared, 3 whole ones left
    const hit = elf.probe(cut)!;
    expect(hit.fields['sections']).toBe(3);
    const o = elf.open(cut, hit);
    expect(o.errors[0]).toMatchObject({ code: 'truncated' });
  });

  it('reads extended section numbering (e_shnum 0, count in shdr[0].sh_size)', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 1,
      machine: 62,
      rodata: rodata(),
      symbols: blobSyms(0n),
    });
    const dv = new DataView(bytes.buffer);
    const shoff = Number(dv.getBigUint64(40, true));
    const n = dv.getUint16(60, true);
    dv.setUint16(60, 0, true);
    dv.setBigUint64(shoff + 32, BigInt(n), true);
    expect(elf.probe(bytes)!.fields['sections']).toBe(n);
    expect(open(bytes).regions).toHaveLength(2);
  });

  it('tolerates a bad section name table index and a bad section header size', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 1,
      machine: 62,
      rodata: rodata(),
      symbols: blobSyms(0n),
    });
    const a = bytes.slice();
    new DataView(a.buffer).setUint16(62, 999, true);
    const oa = open(a);
    expect(oa.regions).toHaveLength(2); // symbols do not need section names
    expect(oa.errors[0]).toMatchObject({ code: 'corrupt', severity: 'warning' });
    const b = bytes.slice();
    new DataView(b.buffer).setUint16(58, 12, true);
    const ob = open(b);
    expect(ob.regions).toEqual([]);
    expect(ob.errors[0]?.message).toMatch(/section header size 12/);
  });

  it('notes a module signature and where it starts', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 1,
      machine: 62,
      rodata: rodata(),
      symbols: blobSyms(0n),
    });
    const sig = new Uint8Array(300).fill(0x30);
    const info = new Uint8Array(12);
    info[2] = 2;
    new DataView(info.buffer).setUint32(8, sig.length);
    const marker = new TextEncoder().encode('~Module signature appended~\n');
    const signed = new Uint8Array(bytes.length + sig.length + 12 + marker.length);
    signed.set(bytes);
    signed.set(sig, bytes.length);
    signed.set(info, bytes.length + sig.length);
    signed.set(marker, bytes.length + sig.length + 12);
    const hit = elf.probe(signed)!;
    expect(hit.fields['module signature']).toBe('PKCS#7, 300 bytes');
    expect(hit.notes).toContain(`Signed module: the signature starts at ${bytes.length}.`);
    expect(hit.length).toBe(signed.length);
    expect(elf.open(signed, hit).errors).toEqual([]);
  });

  it('rejects non-ELF, an unknown class or byte order, and a short header', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 1,
      machine: 62,
      rodata: rodata(),
      symbols: null,
    });
    for (const [at, v] of [
      [0, 0x7e],
      [4, 3],
      [5, 0],
      [6, 0],
    ] as const) {
      const b = bytes.slice();
      b[at] = v;
      expect(elf.probe(b), `byte ${at}`).toBeNull();
    }
    expect(elf.probe(bytes.subarray(0, 60))).toBeNull();
  });

  it('never reads huge garbage counts into huge arrays', () => {
    const { bytes } = buildElf({
      is64: true,
      le: true,
      type: 2,
      machine: 62,
      rodata: rodata(),
      rodataAddr: 0x1000n,
      symbols: blobSyms(0x1000n),
    });
    const dv = new DataView(bytes.buffer);
    dv.setBigUint64(40, 0xffff_ffff_ffff_fff0n, true); // e_shoff far past the end
    dv.setUint16(56, 0xffff, true); // e_phnum
    const hit = elf.probe(bytes)!;
    expect(hit.fields['sections']).toBe(0);
    const o = elf.open(bytes, hit);
    expect(o.errors.map((e) => e.code)).toEqual(['truncated', 'truncated']);
  });
});
