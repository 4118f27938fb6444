/**
 * Uncompressed arm64 and RISC-V kernel `Image` files. Both start with a 64-byte header
 * (Documentation/arch/arm64/booting.rst, Documentation/arch/riscv/boot-image-header.rst), all
 * fields little-endian: text_offset at 0x08, image_size at 0x10, flags at 0x18, and a magic at
 * 0x38 ("ARM\x64" / "RSC\x05"). The kernel itself follows, uncompressed: it is scanned for the
 * IKCFG and kheaders blobs.
 */
import { ascii, bytesAt, hex, u32le, u64le } from '../../bytes';
import type { Container, ContainerHit, ContainerOpened } from '../contract';
import { readPe } from '../kit/pe-header';

const ARM64_MAGIC = ascii('ARM\x64');
const RISCV_MAGIC2 = ascii('RSC\x05');
const RISCV_MAGIC = ascii('RISCV\0\0\0');

const PAGE_SIZES = ['unspecified', '4K', '16K', '64K'];

function common(buf: Uint8Array): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    text_offset: hex(u64le(buf, 0x08)),
    image_size: u64le(buf, 0x10),
    flags: hex(u64le(buf, 0x18)),
  };
  const pe = readPe(buf);
  if (pe) fields['EFI stub'] = `PE ${pe.machineName} at ${pe.offset}`;
  return fields;
}

function probeArm64(buf: Uint8Array): ContainerHit | null {
  if (buf.length < 64 || !bytesAt(buf, 0x38, ARM64_MAGIC)) return null;
  const fields = common(buf);
  const flags = u32le(buf, 0x18);
  const endianness = flags & 1 ? 'big-endian' : 'little-endian';
  const page = PAGE_SIZES[(flags >> 1) & 3]!;
  fields['endianness'] = endianness;
  fields['page size'] = page;
  fields['physical placement'] = flags & 8 ? 'anywhere' : '2 MiB aligned near the base of DRAM';
  const notes: string[] = [];
  if (u64le(buf, 0x10) === 0)
    notes.push('image_size is 0: a kernel older than 3.17 (text_offset assumed 0x80000).');
  const pageText = page === 'unspecified' ? '' : `, ${page} pages`;
  return { label: `arm64 Image (${endianness}${pageText})`, length: null, fields, notes };
}

function probeRiscv(buf: Uint8Array): ContainerHit | null {
  if (buf.length < 64) return null;
  const m2 = bytesAt(buf, 0x38, RISCV_MAGIC2);
  if (!m2 && !bytesAt(buf, 0x30, RISCV_MAGIC)) return null;
  const fields = common(buf);
  const version = u32le(buf, 0x20);
  fields['header version'] = `${version >>> 16}.${version & 0xffff}`;
  fields['endianness'] = u32le(buf, 0x18) & 1 ? 'big-endian' : 'little-endian';
  const notes = m2 ? [] : ['Only the deprecated "RISCV" magic at 0x30 is present (header version 0.1).'];
  return { label: `RISC-V Image (header ${fields['header version']})`, length: null, fields, notes };
}

const scanAll = (arch: string) => (): ContainerOpened => ({
  regions: [],
  errors: [],
  facts: { arch },
  scanRest: true,
});

export const arm64Image: Container = {
  id: 'arm64-image',
  name: 'arm64 Image',
  probe: probeArm64,
  open: scanAll('arm64'),
};

export const riscvImage: Container = {
  id: 'riscv-image',
  name: 'RISC-V Image',
  probe: probeRiscv,
  open: scanAll('riscv'),
};
