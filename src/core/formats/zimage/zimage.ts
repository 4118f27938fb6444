/**
 * ARM 32-bit zImage (arch/arm/boot/compressed/head.S). After the NOP sled and a branch, 0x24 holds
 * the magic 0x016F2818, 0x28 the start and 0x2C the end (_edata) address, all in the kernel's
 * endianness. The compressed piggy sits after the decompressor code and no header field points at
 * it, so the bytes are scanned for codec magics.
 */
import { hex, u32be, u32le } from '../../bytes';
import { khiError, type KhiError } from '../../errors';
import type { Container, ContainerHit, ContainerOpened } from '../contract';

const MAGIC = 0x016f2818;
const FDT_MAGIC = 0xd00dfeed;

interface ZHeader {
  le: boolean;
  start: number;
  end: number;
}

function readHeader(buf: Uint8Array): ZHeader | null {
  if (buf.length < 0x30) return null;
  let le: boolean;
  if (u32le(buf, 0x24) === MAGIC) le = true;
  else if (u32be(buf, 0x24) === MAGIC) le = false;
  else return null;
  const rd = le ? u32le : u32be;
  const start = rd(buf, 0x28);
  const end = rd(buf, 0x2c);
  if (end <= start) return null; // a real zImage always has _edata after start
  return { le, start, end };
}

function probe(buf: Uint8Array): ContainerHit | null {
  const h = readHeader(buf);
  if (!h) return null;
  const rd = h.le ? u32le : u32be;
  const size = h.end - h.start;
  const endianness = h.le ? 'little-endian' : 'big-endian';
  const fields: Record<string, string | number> = { endianness, start: hex(h.start), end: hex(h.end), size };
  const notes: string[] = [];
  if (buf.length >= 0x34 && rd(buf, 0x30) === 0x04030201) fields['endianness probe'] = '0x04030201';
  if (buf.length >= 0x3c && rd(buf, 0x34) === 0x45454545) fields['extension table at'] = hex(rd(buf, 0x38));
  if (buf.length > size) {
    const fdt = buf.length >= size + 4 && u32be(buf, size) === FDT_MAGIC;
    notes.push(
      fdt
        ? `An appended device tree (DTB) follows the zImage at offset ${size}.`
        : `${buf.length - size} bytes follow the zImage's end address.`,
    );
  }
  notes.push('The compressed kernel (piggy) is not named by the header; it is found by scanning.');
  return { label: `ARM zImage (${endianness})`, length: size, fields, notes };
}

function open(buf: Uint8Array, hit: ContainerHit): ContainerOpened {
  const errors: KhiError[] = [];
  const size = hit.length ?? 0;
  if (size > buf.length) {
    errors.push(
      khiError(
        'truncated',
        `The zImage header says the image is ${size} bytes, but only ${buf.length} are present.`,
        buf.length,
      ),
    );
  }
  return { regions: [], errors, facts: { arch: 'arm' }, scanRest: true };
}

export const zImage: Container = { id: 'zimage', name: 'ARM zImage', probe, open };
