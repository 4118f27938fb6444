/**
 * EFI zboot image ("vmlinuz.efi" on arm64, RISC-V, LoongArch; drivers/firmware/efi/libstub/
 * zboot-header.S). "MZ" at 0 and "zimg" at 4; 0x08 payload offset, 0x0C payload size (LE32), and
 * at 0x18 the compression type as a NUL-terminated string. For non-gzip payloads the LE32
 * uncompressed size follows the payload (payload size excludes it); for gzip it is the ISIZE.
 */
import { ascii, bytesAt, u32le } from '../../bytes';
import { khiError, type KhiError } from '../../errors';
import type { CodecId, Container, ContainerHit, ContainerOpened, Region } from '../contract';
import { clipRegion, headerGone, textField } from '../kit/container-kit';
import { readPe } from '../kit/pe-header';

const ZIMG = ascii('zimg');

const COMP: Record<string, CodecId> = {
  gzip: 'gzip',
  zstd: 'zstd',
  zstd22: 'zstd',
  lzma: 'lzma',
  lzo: 'lzo',
  lz4: 'lz4-legacy',
  xzkern: 'xz',
  xz: 'xz',
  bzip2: 'bzip2',
};

interface ZbootHeader {
  offset: number;
  size: number;
  comp: string;
}

function readHeader(buf: Uint8Array): ZbootHeader | null {
  if (buf.length < 0x40 || buf[0] !== 0x4d || buf[1] !== 0x5a || !bytesAt(buf, 4, ZIMG)) return null;
  return { offset: u32le(buf, 8), size: u32le(buf, 12), comp: textField(buf, 0x18, 0x20) };
}

/** Where the LE32 uncompressed size is: after the payload, or gzip's ISIZE at its end. */
function sizeAt(h: ZbootHeader): number {
  return h.comp === 'gzip' ? h.offset + h.size - 4 : h.offset + h.size;
}

function probe(buf: Uint8Array): ContainerHit | null {
  const h = readHeader(buf);
  if (!h) return null;
  const fields: Record<string, string | number> = {
    'comp type': h.comp || '(empty)',
    'payload offset': h.offset,
    'payload size': h.size,
  };
  const at = sizeAt(h);
  if (at >= 0 && at + 4 <= buf.length) fields['uncompressed size (trailer)'] = u32le(buf, at);
  const pe = readPe(buf);
  if (pe) fields['PE machine'] = pe.machineName;
  const notes: string[] = [];
  if (!COMP[h.comp]) notes.push(`Unknown compression type "${h.comp}": the payload will be sniffed.`);
  return { label: `EFI zboot image (${h.comp || 'unknown compression'})`, length: null, fields, notes };
}

function open(buf: Uint8Array): ContainerOpened {
  const errors: KhiError[] = [];
  const h = readHeader(buf);
  if (!h) return headerGone('zboot');
  const pe = readPe(buf);
  const facts = pe?.arch ? { arch: pe.arch } : undefined;
  if (h.size === 0 || h.offset < 0x40) {
    errors.push(
      khiError(
        'corrupt',
        `The zboot header gives an impossible payload (offset ${h.offset}, size ${h.size}).`,
        8,
      ),
    );
    return { regions: [], errors, facts, scanRest: true };
  }
  const fields: Record<string, string | number> = { 'comp type': h.comp };
  const at = sizeAt(h);
  if (at + 4 <= buf.length) fields['uncompressed size (trailer)'] = u32le(buf, at);
  const region: Region = {
    offset: h.offset,
    length: h.size,
    label: `compressed kernel (zboot ${h.comp})`,
    foundBy: 'header-field',
    fields,
  };
  const expect = COMP[h.comp];
  if (expect) region.expect = expect;
  const clipped = clipRegion(region, buf.length, errors);
  return { regions: clipped ? [clipped] : [], errors, facts, scanRest: !clipped };
}

export const zboot: Container = { id: 'zboot', name: 'EFI zboot', probe, open };
