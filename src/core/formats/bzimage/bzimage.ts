/**
 * x86 bzImage (Documentation/arch/x86/boot.rst). The setup header at 0x1F1 says where the
 * compressed kernel is: (setup_sects || 4) + 1 sectors of real-mode code, then the protected-mode
 * part, in which payload_offset/payload_length (protocol 2.08+) locate the compressed vmlinux.
 */
import { ascii, bytesAt, hex, u16le, u32le } from '../../bytes';
import { khiError, type KhiError } from '../../errors';
import type { Container, ContainerHit, ContainerOpened, Region } from '../contract';
import { clipRegion, headerGone, textField } from '../kit/container-kit';
import { readPe } from '../kit/pe-header';

const HDRS = ascii('HdrS');

interface SetupHeader {
  protocol: number;
  protocolText: string;
  setupSects: number;
  setupSize: number;
  syssize: number;
  loadflags: number;
  /** Payload position in the file; null before protocol 2.08 or when the header is cut short. */
  payloadStart: number | null;
  payloadLength: number | null;
  versionString: string | null;
}

function readSetup(buf: Uint8Array): SetupHeader | null {
  if (buf.length < 0x208 || buf[0x1fe] !== 0x55 || buf[0x1ff] !== 0xaa || !bytesAt(buf, 0x202, HDRS))
    return null;
  const protocol = u16le(buf, 0x206);
  const major = protocol >> 8;
  if (major !== 2) return null; // every bzImage/zImage with "HdrS" speaks protocol 2.xx
  const setupSects = buf[0x1f1]!;
  const setupSize = ((setupSects || 4) + 1) * 512;
  const has = (end: number): boolean => buf.length >= end;
  let payloadStart: number | null = null;
  let payloadLength: number | null = null;
  if (protocol >= 0x208 && has(0x250)) {
    payloadStart = setupSize + u32le(buf, 0x248);
    payloadLength = u32le(buf, 0x24c);
  }
  let versionString: string | null = null;
  const kv = has(0x210) ? u16le(buf, 0x20e) : 0;
  if (kv !== 0 && kv + 0x200 < buf.length) {
    const s = textField(buf, kv + 0x200, 256);
    if (/^\d+\.\d+/.test(s)) versionString = s;
  }
  return {
    protocol,
    protocolText: `${major}.${(protocol & 0xff).toString().padStart(2, '0')}`,
    setupSects,
    setupSize,
    syssize: protocol >= 0x204 ? u32le(buf, 0x1f4) : u16le(buf, 0x1f4), // 4 bytes from 2.04 on
    loadflags: has(0x212) ? buf[0x211]! : 0,
    payloadStart,
    payloadLength,
    versionString,
  };
}

/** LE32 in the last 4 bytes of the payload: kbuild's size_append (or gzip's ISIZE). */
function trailerSize(buf: Uint8Array, h: SetupHeader): number | null {
  if (h.payloadStart === null || h.payloadLength === null || h.payloadLength < 4) return null;
  const end = h.payloadStart + h.payloadLength;
  return end <= buf.length ? u32le(buf, end - 4) : null;
}

function probe(buf: Uint8Array): ContainerHit | null {
  const h = readSetup(buf);
  if (!h) return null;
  const kind = h.loadflags & 1 ? 'bzImage' : 'zImage';
  const fields: Record<string, string | number> = {
    'boot protocol': h.protocolText,
    setup_sects: h.setupSects,
    'setup size': h.setupSize,
    syssize: h.syssize,
    loadflags: hex(h.loadflags),
  };
  const notes: string[] = [];
  if (h.payloadStart !== null && h.payloadLength !== null) {
    fields['payload_offset'] = h.payloadStart - h.setupSize;
    fields['payload_length'] = h.payloadLength;
    fields['payload at'] = h.payloadStart;
    const size = trailerSize(buf, h);
    if (size !== null) fields['uncompressed size (trailer)'] = size;
  } else if (h.protocol < 0x208) {
    notes.push(
      `Boot protocol ${h.protocolText} predates payload_offset (2.08): the payload must be found by scanning.`,
    );
  } else {
    notes.push('The setup header is cut short before payload_offset.');
  }
  if (h.versionString) fields['kernel version'] = h.versionString;
  const length = h.protocol >= 0x204 && h.syssize > 0 ? h.setupSize + h.syssize * 16 : null;
  const pe = readPe(buf);
  if (pe) {
    fields['EFI stub'] = `PE ${pe.machineName}`;
    if (pe.certSize > 0 && pe.certOffset > 0) {
      fields['Authenticode signature'] = `${pe.certSize} bytes at ${pe.certOffset}`;
    }
  }
  if (length !== null && buf.length > length) {
    const sig = pe && pe.certOffset === length ? ' (the Authenticode signature)' : '';
    notes.push(`${buf.length - length} bytes follow the image (setup + syssize × 16)${sig}.`);
  }
  return { label: `x86 ${kind} (boot protocol ${h.protocolText})`, length, fields, notes };
}

function open(buf: Uint8Array, hit: ContainerHit): ContainerOpened {
  const errors: KhiError[] = [];
  const h = readSetup(buf);
  if (!h) {
    return headerGone('bzImage setup', 0x1f1);
  }
  const facts = { arch: 'x86', version: h.versionString?.split(/\s/)[0] ?? null, banner: h.versionString };
  if (h.payloadStart === null || h.payloadLength === null) {
    if (h.protocol >= 0x208) {
      errors.push(
        khiError('truncated', 'The bzImage setup header ends before payload_offset/payload_length.', 0x248),
      );
    }
    return { regions: [], errors, facts, scanRest: true };
  }
  if (h.payloadLength === 0) {
    errors.push(khiError('corrupt', 'The bzImage header gives a payload length of 0.', 0x24c));
    return { regions: [], errors, facts, scanRest: true };
  }
  const fields: Record<string, string | number> = {};
  const size = trailerSize(buf, h);
  if (size !== null) fields['uncompressed size (trailer)'] = size;
  const region: Region = {
    offset: h.payloadStart,
    length: h.payloadLength,
    label: 'compressed kernel (bzImage payload)',
    foundBy: 'header-field',
    fields,
    notes: ['The last 4 bytes are the LE32 uncompressed size (kbuild size_append; gzip ISIZE).'],
  };
  const clipped = clipRegion(region, buf.length, errors);
  if (clipped === region && hit.length !== null && buf.length < hit.length) {
    // The payload is whole; only code after it is missing.
    errors.push(
      khiError(
        'truncated',
        `The bzImage should be ${hit.length} bytes (setup + syssize × 16) but the file has ${buf.length}.`,
        buf.length,
        'warning',
      ),
    );
  }
  return { regions: clipped ? [clipped] : [], errors, facts, scanRest: false };
}

export const bzImage: Container = { id: 'bzimage', name: 'x86 bzImage', probe, open };
