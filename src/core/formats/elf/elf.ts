/**
 * ELF files: kernel modules (.ko, ET_REL) and vmlinux (ET_EXEC/ET_DYN), 32/64-bit, either byte
 * order. Merged kernels mark the kheaders archive only with the symbols kernel_headers_data[_end]
 * (kernel/kheaders.c) and the config with kernel_config_data[_end] (kernel/configs.c, between the
 * IKCFG_ST/IKCFG_ED markers). Stripped files have no symbols, so the rest is always scanned too.
 */
import { ascii, bytesAt, u32be } from '../../bytes';
import { khiError, type KhiError } from '../../errors';
import type { KernelFacts } from '../../types';
import type { CodecId, Container, ContainerHit, ContainerOpened, Region } from '../contract';
import { clipRegion, headerGone, textField } from '../kit/container-kit';
import { findBanner, readBanner, releaseOf } from '../banner/banner';
import {
  ET_NAMES,
  findSymbols,
  machineInfo,
  readElf,
  SHT_NOBITS,
  symbolCount,
  symbolOffset,
  symbolSection,
  type ElfFile,
  type ElfSymbol,
} from './elf-read';

const SIG_MARKER = ascii('~Module signature appended~\n');
const MODINFO_MAX = 64 * 1024;

/** Blobs located by a start/end symbol pair. */
const BLOBS: { start: string; end: string; label: string; expect: CodecId }[] = [
  {
    start: 'kernel_headers_data',
    end: 'kernel_headers_data_end',
    label: 'kheaders archive (kernel_headers_data)',
    expect: 'xz',
  },
  {
    start: 'kernel_config_data',
    end: 'kernel_config_data_end',
    label: 'kernel config (kernel_config_data)',
    expect: 'gzip',
  },
];

/** key=value strings of a module's .modinfo section. */
function modinfo(buf: Uint8Array, elf: ElfFile): Map<string, string> {
  const out = new Map<string, string>();
  const s = elf.sections.find((x) => x.name === '.modinfo' && x.type !== SHT_NOBITS);
  if (!s || s.offset >= buf.length) return out;
  const end = Math.min(buf.length, s.offset + s.size, s.offset + MODINFO_MAX);
  let start = s.offset;
  for (let i = s.offset; i <= end; i++) {
    if (i === end || buf[i] === 0) {
      const str = textField(buf, start, i - start);
      const eq = str.indexOf('=');
      if (eq > 0 && !out.has(str.slice(0, eq))) out.set(str.slice(0, eq), str.slice(eq + 1));
      start = i + 1;
    }
  }
  return out;
}

interface Signature {
  /** Where the ELF ends and the signature begins. */
  at: number;
  sigLen: number;
}

/** "~Module signature appended~\n" at the very end, after struct module_signature (12 bytes). */
function moduleSignature(buf: Uint8Array): Signature | null {
  const m = buf.length - SIG_MARKER.length;
  if (m < 12 || !bytesAt(buf, m, SIG_MARKER)) return null;
  const info = m - 12;
  const sigLen = u32be(buf, info + 8);
  const at = info - sigLen - buf[info + 3]! - buf[info + 4]!; // signer_len, key_id_len (0 for PKCS#7)
  return { at, sigLen };
}

const CLASS = (elf: ElfFile): string => (elf.is64 ? 'ELF64' : 'ELF32');
const ORDER = (elf: ElfFile): string => (elf.le ? 'little-endian' : 'big-endian');

function probe(buf: Uint8Array): ContainerHit | null {
  const elf = readElf(buf);
  if (!elf) return null;
  const m = machineInfo(elf.machine);
  const typeName = ET_NAMES[elf.type] ?? `type ${elf.type}`;
  const fields: Record<string, string | number> = {
    class: CLASS(elf),
    endianness: ORDER(elf),
    type: typeName,
    machine: m.name,
    sections: elf.sections.length,
    'program headers': elf.segments.length,
  };
  const notes: string[] = [];
  const nsym = symbolCount(elf, buf.length);
  fields['symbols'] = nsym;
  if (nsym === 0) notes.push('No symbol table (stripped): embedded blobs can only be found by scanning.');
  const mi = modinfo(buf, elf);
  let what = '';
  if (mi.size > 0) {
    const name = mi.get('name');
    if (name) fields['module name'] = name;
    const vermagic = mi.get('vermagic');
    if (vermagic) fields['vermagic'] = vermagic;
    if (name === 'kheaders') {
      fields['kheaders module'] = 'yes';
      notes.push('This is the kheaders module (CONFIG_IKHEADERS=m).');
    }
    what = name ? ` (kernel module "${name}")` : ' (kernel module)';
  }
  let length: number | null = elf.end;
  const sig = moduleSignature(buf);
  if (sig) {
    fields['module signature'] = `PKCS#7, ${sig.sigLen} bytes`;
    notes.push(`Signed module: the signature starts at ${sig.at}.`);
    length = buf.length;
  } else if (buf.length > elf.end) {
    notes.push(`${buf.length - elf.end} bytes follow the end of the ELF data.`);
  }
  const label = `${CLASS(elf)} ${elf.le ? 'LE' : 'BE'} ${typeName}, ${m.name}${what}`;
  return { label, length, fields, notes };
}

/** linux_banner by symbol, or the first "Linux version <digit>" in .rodata of a kernel image. */
function banner(buf: Uint8Array, elf: ElfFile, sym: Map<string, ElfSymbol>): string | null {
  const bs = sym.get('linux_banner');
  const at = bs ? symbolOffset(elf, bs) : null;
  if (at !== null) return readBanner(buf, at);
  if (elf.type === 1) return null;
  const ro = elf.sections.find((s) => s.name === '.rodata' && s.type !== SHT_NOBITS);
  return ro ? findBanner(buf, ro.offset, Math.min(buf.length, ro.offset + ro.size)) : null;
}

type Blob = (typeof BLOBS)[number];

/** The region a blob's start/end symbols bound, or null (with a warning) when the start is unusable. */
function blobRegion(
  buf: Uint8Array,
  elf: ElfFile,
  syms: Map<string, ElfSymbol>,
  b: Blob,
  errors: KhiError[],
): Region | null {
  const start = syms.get(b.start);
  if (!start) return null;
  const off = symbolOffset(elf, start);
  if (off === null) {
    const msg = `The symbol ${b.start} points outside the file's sections.`;
    errors.push(khiError('corrupt', msg, undefined, 'warning'));
    return null;
  }
  const end = syms.get(b.end);
  let length: number | null = null;
  const notes: string[] = [];
  if (!end) notes.push(`No ${b.end} symbol: the length comes from the stream itself.`);
  else if (end.value < start.value || (elf.type === 1 && end.shndx !== start.shndx)) {
    const msg = `The symbols ${b.start} and ${b.end} do not bound a range.`;
    errors.push(khiError('corrupt', msg, off, 'warning'));
  } else length = Number(end.value - start.value);
  const sec = symbolSection(elf, start);
  const fields: Record<string, string | number> = {
    symbol: b.start,
    'symbol value': '0x' + start.value.toString(16),
  };
  if (sec?.name) fields['section'] = sec.name;
  const region: Region = {
    offset: off,
    length,
    label: b.label,
    foundBy: 'elf-symbol',
    expect: b.expect,
    fields,
    notes,
  };
  return clipRegion(region, buf.length, errors);
}

/** Architecture from e_machine; release from the banner, else from a module's vermagic. */
function elfFacts(buf: Uint8Array, elf: ElfFile, syms: Map<string, ElfSymbol>): Partial<KernelFacts> {
  const facts: Partial<KernelFacts> = {};
  const arch = machineInfo(elf.machine).arch;
  if (arch) facts.arch = arch;
  const vermagic = modinfo(buf, elf).get('vermagic');
  const b = banner(buf, elf, syms);
  if (b) {
    facts.banner = b;
    facts.version = releaseOf(b);
  } else if (vermagic) {
    facts.version = vermagic.split(/\s/)[0] ?? null;
  }
  return facts;
}

function open(buf: Uint8Array): ContainerOpened {
  const elf = readElf(buf);
  if (!elf) return headerGone('ELF');
  const errors: KhiError[] = [...elf.errors];
  const syms = findSymbols(buf, elf, [...BLOBS.flatMap((b) => [b.start, b.end]), 'linux_banner']);
  const regions: Region[] = [];
  for (const b of BLOBS) {
    const r = blobRegion(buf, elf, syms, b, errors);
    if (r) regions.push(r);
  }
  const facts = elfFacts(buf, elf, syms);
  const sig = moduleSignature(buf);
  if (sig && sig.at < elf.end) {
    errors.push(khiError('corrupt', 'The module signature overlaps the ELF data.', sig.at, 'warning'));
  }
  return { regions, errors, facts, scanRest: true };
}

export const elf: Container = { id: 'elf', name: 'ELF', probe, open };
