/**
 * U-Boot legacy uImage (u-boot include/image.h). A 64-byte big-endian header: magic 0x27051956,
 * header CRC32 (computed with the field zeroed), size, load/entry addresses, data CRC32, os, arch,
 * type, compression and a 32-byte name; the data follows at 64. A multi-file image (type 4) starts
 * its data with a BE32 size list ending in 0; each image follows, padded to 4 bytes except the last.
 * FIT images (a device tree, "D0 0D FE ED") are not handled here.
 */
import { hex8, u32be } from '../../bytes';
import { khiError, type KhiError } from '../../errors';
import type { CodecId, Container, ContainerHit, ContainerOpened, Region } from '../contract';
import { clipRegion, headerGone, textField } from '../kit/container-kit';
import { crc32 } from '../kit/crc32';

const MAGIC = 0x27051956;
const HEADER = 64;
const TYPE_MULTI = 4;

const OS = [
  'invalid',
  'OpenBSD',
  'NetBSD',
  'FreeBSD',
  '4.4BSD',
  'Linux',
  'SVR4',
  'Esix',
  'Solaris',
  'Irix',
  'SCO',
  'Dell',
  'NCR',
  'LynxOS',
  'VxWorks',
  'pSOS',
  'QNX',
  'U-Boot',
  'RTEMS',
  'ARTOS',
  'Unity OS',
  'INTEGRITY',
  'OSE',
  'Plan 9',
  'OpenRTOS',
  'ARM Trusted Firmware',
  'TEE',
  'OpenSBI',
  'EFI',
];
/** [display name, kernel arch] by IH_ARCH_* value. */
const ARCH: [string, string | null][] = [
  ['invalid', null],
  ['Alpha', 'alpha'],
  ['ARM', 'arm'],
  ['x86', 'x86'],
  ['IA-64', 'ia64'],
  ['MIPS', 'mips'],
  ['MIPS64', 'mips'],
  ['PowerPC', 'powerpc'],
  ['s390', 's390'],
  ['SuperH', 'sh'],
  ['SPARC', 'sparc'],
  ['SPARC64', 'sparc'],
  ['m68k', 'm68k'],
  ['Nios', 'nios'],
  ['MicroBlaze', 'microblaze'],
  ['Nios II', 'nios2'],
  ['Blackfin', 'blackfin'],
  ['AVR32', 'avr32'],
  ['ST200', null],
  ['Sandbox', null],
  ['NDS32', 'nds32'],
  ['OpenRISC', 'openrisc'],
  ['ARM64', 'arm64'],
  ['ARC', 'arc'],
  ['x86-64', 'x86'],
  ['Xtensa', 'xtensa'],
  ['RISC-V', 'riscv'],
];
const TYPE = [
  'invalid',
  'standalone',
  'kernel',
  'ramdisk',
  'multi',
  'firmware',
  'script',
  'filesystem',
  'flat_dt',
  'kwbimage',
  'imximage',
  'ublimage',
  'omapimage',
  'aisimage',
  'kernel_noload',
];
const COMP: ['none' | 'gzip' | 'bzip2' | 'lzma' | 'lzo' | 'lz4' | 'zstd', CodecId | 'raw'][] = [
  ['none', 'raw'],
  ['gzip', 'gzip'],
  ['bzip2', 'bzip2'],
  ['lzma', 'lzma'],
  ['lzo', 'lzo'],
  ['lz4', 'lz4-legacy'],
  ['zstd', 'zstd'],
];

interface UHeader {
  size: number;
  hcrc: number;
  hcrcOk: boolean;
  dcrc: number;
  /** null when the data is cut short and cannot be checked. */
  dcrcOk: boolean | null;
  os: number;
  arch: number;
  type: number;
  comp: number;
  name: string;
}

const name = (list: readonly string[], v: number): string => list[v] ?? `unknown (${v})`;

function readHeader(buf: Uint8Array): UHeader | null {
  if (buf.length < HEADER || u32be(buf, 0) !== MAGIC) return null;
  const hdr = buf.slice(0, HEADER); // 64 bytes: a copy to zero the CRC field
  hdr.fill(0, 4, 8);
  const hcrc = u32be(buf, 4);
  const size = u32be(buf, 12);
  const dcrc = u32be(buf, 24);
  const end = HEADER + size;
  return {
    size,
    hcrc,
    hcrcOk: crc32(hdr) === hcrc,
    dcrc,
    dcrcOk: end <= buf.length ? crc32(buf, HEADER, end) === dcrc : null,
    os: buf[28]!,
    arch: buf[29]!,
    type: buf[30]!,
    comp: buf[31]!,
    name: textField(buf, 32, 32),
  };
}

const hex0x8 = (n: number): string => '0x' + hex8(n);

function probe(buf: Uint8Array): ContainerHit | null {
  const h = readHeader(buf);
  if (!h) return null;
  const notes: string[] = [];
  const fields: Record<string, string | number> = {
    name: h.name,
    os: name(OS, h.os),
    arch: ARCH[h.arch]?.[0] ?? `unknown (${h.arch})`,
    type: name(TYPE, h.type),
    compression: COMP[h.comp]?.[0] ?? `unknown (${h.comp})`,
    'data size': h.size,
    'load address': hex0x8(u32be(buf, 16)),
    'entry point': hex0x8(u32be(buf, 20)),
    'header CRC': h.hcrcOk ? `${hex0x8(h.hcrc)} ok` : `${hex0x8(h.hcrc)} MISMATCH`,
    'data CRC':
      h.dcrcOk === null
        ? `${hex0x8(h.dcrc)} not checked (data cut short)`
        : h.dcrcOk
          ? `${hex0x8(h.dcrc)} ok`
          : `${hex0x8(h.dcrc)} MISMATCH`,
  };
  const time = u32be(buf, 8);
  if (time) fields['created'] = new Date(time * 1000).toISOString().replace('.000Z', 'Z');
  if (!h.hcrcOk) notes.push('The header CRC does not match: the header is damaged.');
  if (h.dcrcOk === false) notes.push('The data CRC does not match: the payload is damaged.');
  return {
    label: `U-Boot uImage (${fields['type']}, ${fields['compression']}): ${h.name}`,
    length: HEADER + h.size,
    fields,
    notes,
  };
}

/** Sub-images of a multi-file image, offsets relative to the uImage. */
function multiRegions(buf: Uint8Array, h: UHeader, errors: KhiError[]): Region[] {
  const sizes: number[] = [];
  const end = Math.min(buf.length, HEADER + h.size);
  let at = HEADER;
  for (;;) {
    if (at + 4 > end) {
      errors.push(khiError('truncated', 'The multi-file size list runs past the end of the image data.', at));
      return [];
    }
    const s = u32be(buf, at);
    at += 4;
    if (s === 0) break;
    sizes.push(s);
    if (sizes.length > 1024) {
      errors.push(
        khiError('corrupt', 'The multi-file size list has no terminating 0 within 1024 entries.', at),
      );
      return [];
    }
  }
  const regions: Region[] = [];
  let lastEnd = at;
  sizes.forEach((size, i) => {
    const r: Region = {
      offset: at,
      length: size,
      label: `image ${i} of ${sizes.length}`,
      foundBy: 'header-field',
    };
    const comp = COMP[h.comp];
    if (i === 0 && comp) r.expect = comp[1]; // U-Boot decompresses only the kernel (image 0)
    regions.push(r);
    lastEnd = at + size;
    at += Math.ceil(size / 4) * 4;
  });
  if (lastEnd > HEADER + h.size) {
    errors.push(
      khiError('corrupt', 'The multi-file images add up to more than the uImage data size.', HEADER + h.size),
    );
  }
  return regions;
}

function open(buf: Uint8Array): ContainerOpened {
  const h = readHeader(buf);
  if (!h) return headerGone('uImage');
  const errors: KhiError[] = [];
  if (!h.hcrcOk)
    errors.push(
      khiError('corrupt', `The uImage header CRC is wrong (stored ${hex0x8(h.hcrc)}).`, 4, 'warning'),
    );
  if (h.dcrcOk === false)
    errors.push(
      khiError('corrupt', `The uImage data CRC is wrong (stored ${hex0x8(h.dcrc)}).`, HEADER, 'warning'),
    );
  const arch = ARCH[h.arch]?.[1];
  const facts = arch ? { arch } : undefined;
  let raw: Region[];
  if (h.type === TYPE_MULTI) {
    raw = multiRegions(buf, h, errors);
  } else {
    const r: Region = {
      offset: HEADER,
      length: h.size,
      label: `uImage data (${name(TYPE, h.type)})`,
      foundBy: 'header-field',
    };
    const comp = COMP[h.comp];
    if (comp) r.expect = comp[1];
    raw = [r];
  }
  const regions: Region[] = [];
  for (const r of raw) {
    const c = clipRegion(r, buf.length, errors);
    if (c) regions.push(c);
  }
  return { regions, errors, facts, scanRest: regions.length === 0 };
}

export const uImage: Container = { id: 'uimage', name: 'U-Boot uImage', probe, open };
