/**
 * gzip (RFC 1952): one or more members, each a header, raw deflate data and an 8-byte trailer
 * (CRC-32 and ISIZE = output size mod 2^32). kbuild's gzip payloads and IKCFG configs are single
 * members; trailing bytes ("IKCFG_ED", padding, the rest of an image) are normal and reported.
 *
 * Decoding uses our own inflate (./inflate.ts), which tells where each deflate stream ends, so
 * `consumed` is exact; CRC-32 and ISIZE of every member are verified here.
 *
 * Not DecompressionStream('gzip'): it cannot say where a member ends, Chromium drops the output
 * queued before its "Junk found after end of compressed data" error (all but the first 128 KiB of
 * a 31.7 MB member followed by 8 bytes), Node drops everything on trailing junk, and measured on
 * the same 31.7 MB member it was slower than this inflate (medians of 5, same run: Chromium 156
 * worker 525 vs 273 ms; Node 20 218 vs 174 ms). fflate's gunzipSync was slower too (380 / 266 ms),
 * and it reads only the first member and does not expose where the deflate data ends.
 */
import { khiError, type KhiError } from '../errors';
import { u16le, u32le } from '../bytes';
import { crc32 } from './crc32';
import { Inflater } from './inflate';
import { OutBuf, Pacer, cancelled, guardedCodec, tooLarge, trailingNotes } from './codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from './contract';

const MAGIC = Uint8Array.of(0x1f, 0x8b, 0x08);
const FTEXT = 1;
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
/** Longest FNAME/FCOMMENT we look through before calling the header bogus. */
const MAX_STRING = 4096;
/** Output produced between progress reports / cancellation checks. */
const SLICE = 1 << 21;

const OS_NAMES: Record<number, string> = {
  0: 'FAT (MS-DOS)',
  1: 'Amiga',
  2: 'VMS',
  3: 'Unix',
  4: 'VM/CMS',
  5: 'Atari TOS',
  6: 'HPFS (OS/2)',
  7: 'Macintosh',
  8: 'Z-System',
  9: 'CP/M',
  10: 'TOPS-20',
  11: 'NTFS',
  12: 'QDOS',
  13: 'Acorn RISC OS',
  255: 'unknown',
};

export interface GzipHeader {
  /** Header length in bytes (deflate data starts here). */
  length: number;
  flags: number;
  mtime: number;
  xfl: number;
  os: number;
  name?: string;
  comment?: string;
  extraLength?: number;
  /** FHCRC present and matching. */
  headerCrc?: boolean;
}

/** Latin-1 string up to a NUL within `max` bytes; null when no NUL is found. */
function zstring(b: Uint8Array, p: number, max: number): { s: string; end: number } | null {
  const stop = Math.min(b.length, p + max);
  let s = '';
  for (let i = p; i < stop; i++) {
    const c = b[i]!;
    if (c === 0) return { s, end: i + 1 };
    if (s.length < 256) s += String.fromCharCode(c);
  }
  return null;
}

/**
 * Parse and validate a member header at b[p]. Returns the header, or a KhiError saying why the
 * bytes are not (or not all) a gzip header.
 */
export function parseGzipHeader(b: Uint8Array, p: number): GzipHeader | KhiError {
  if (p + 10 > b.length) return khiError('truncated', 'The gzip header is cut short.', p);
  if (b[p] !== 0x1f || b[p + 1] !== 0x8b) return khiError('corrupt', 'No gzip magic (1F 8B).', p);
  if (b[p + 2] !== 8)
    return khiError('unsupported', `gzip compression method ${b[p + 2]} is not deflate (8).`, p + 2);
  const flags = b[p + 3]!;
  if (flags & 0xe0)
    return khiError('corrupt', `The gzip header sets reserved flag bits (${flags.toString(16)}).`, p + 3);
  const xfl = b[p + 8]!;
  const os = b[p + 9]!;
  if (xfl !== 0 && xfl !== 2 && xfl !== 4)
    return khiError('corrupt', `Unusual gzip XFL value ${xfl} (expected 0, 2 or 4).`, p + 8);
  if (os > 13 && os !== 255) return khiError('corrupt', `Unknown gzip OS value ${os}.`, p + 9);
  const h: GzipHeader = { length: 10, flags, mtime: u32le(b, p + 4), xfl, os };
  let q = p + 10;
  if (flags & FEXTRA) {
    if (q + 2 > b.length) return khiError('truncated', 'The gzip header is cut short (extra field).', q);
    h.extraLength = u16le(b, q);
    q += 2 + h.extraLength;
    if (q > b.length) return khiError('truncated', 'The gzip header is cut short (extra field).', q);
  }
  if (flags & FNAME) {
    const z = zstring(b, q, MAX_STRING);
    if (!z)
      return khiError(
        q + MAX_STRING > b.length ? 'truncated' : 'corrupt',
        'The gzip file name field is not terminated.',
        q,
      );
    h.name = z.s;
    q = z.end;
  }
  if (flags & FCOMMENT) {
    const z = zstring(b, q, MAX_STRING);
    if (!z)
      return khiError(
        q + MAX_STRING > b.length ? 'truncated' : 'corrupt',
        'The gzip comment field is not terminated.',
        q,
      );
    h.comment = z.s;
    q = z.end;
  }
  if (flags & FHCRC) {
    if (q + 2 > b.length) return khiError('truncated', 'The gzip header is cut short (header CRC).', q);
    if ((crc32(b, p, q) & 0xffff) !== u16le(b, q))
      return khiError('corrupt', 'The gzip header CRC-16 does not match.', q);
    h.headerCrc = true;
    q += 2;
  }
  h.length = q - p;
  return h;
}

const isError = (h: GzipHeader | KhiError): h is KhiError => 'code' in h;

/** Cheap check of the first deflate block header after the gzip header (it costs a few bytes). */
function firstBlockPlausible(b: Uint8Array, p: number): boolean {
  if (p >= b.length) return false;
  const b0 = b[p]!;
  const type = (b0 >> 1) & 3;
  if (type === 3) return false;
  if (type === 0) {
    // Stored: LEN and NLEN follow at the next byte boundary.
    if (p + 5 > b.length) return true;
    return (u16le(b, p + 1) ^ 0xffff) === u16le(b, p + 3);
  }
  if (type === 2 && p + 2 <= b.length) {
    const hlit = b0 >> 3;
    const hdist = b[p + 1]! & 31;
    return hlit <= 29 && hdist <= 29;
  }
  return true;
}

function headerFields(h: GzipHeader, fields: Record<string, string | number>): void {
  fields.method = 'deflate';
  if (h.name !== undefined) fields['file name'] = h.name;
  if (h.comment !== undefined) fields.comment = h.comment;
  if (h.mtime) fields.mtime = new Date(h.mtime * 1000).toISOString();
  fields.os = OS_NAMES[h.os] ?? String(h.os);
  if (h.xfl === 2) fields.level = 'maximum (-9)';
  else if (h.xfl === 4) fields.level = 'fastest (-1)';
  if (h.flags & FTEXT) fields.text = 'yes';
  if (h.extraLength !== undefined) fields['extra field'] = `${h.extraLength} bytes`;
  if (h.headerCrc) fields['header CRC'] = 'ok';
}

/**
 * How large the output probably is, to size the buffer once: the ISIZE in the last 4 bytes when
 * the input may end with this member's trailer (deflate expands by at most 1032:1 and shrinks
 * stored data by a few bytes), else a multiple of the input. A wrong guess costs little: engines
 * reserve large buffers lazily, and the result is trimmed.
 */
function outputGuess(input: Uint8Array, cap: number): number {
  const n = input.length;
  const isize = n >= 18 ? u32le(input, n - 4) : 0;
  if (isize > 0 && isize <= n * 1032 && isize >= n / 2) return Math.min(cap, isize) + 258;
  return Math.min(cap, Math.max(1 << 16, Math.min(n, 8 << 20) * 4));
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const cap = Math.max(0, opts.maxOutput);
  const out = new OutBuf(outputGuess(input, cap), cap, 258);
  const pacer = new Pacer(opts);
  let op = 0;
  let p = 0;
  let members = 0;
  let error: KhiError | undefined;
  let consumed: number | null = null;
  let crcFailed = false;

  while (!error) {
    const h = parseGzipHeader(input, p);
    if (isError(h)) {
      if (members === 0) error = h;
      break;
    }
    if (members > 0 && !firstBlockPlausible(input, p + h.length)) break;
    if (members === 0) headerFields(h, fields);
    const start = op;
    const inf = new Inflater(input, p + h.length, out, op);
    let st = inf.run(op + SLICE);
    while (st === 'paused') {
      const c = await pacer.tick(inf.inPos, inf.op);
      if (c) {
        error = c;
        break;
      }
      st = inf.run(inf.op + SLICE);
    }
    op = inf.op;
    consumed = null;
    if (error) break;
    if (st === 'too-large') {
      op = Math.min(op, cap);
      error = tooLarge('gzip', cap, inf.inPos);
      break;
    }
    if (st === 'truncated' || st === 'corrupt') {
      error = khiError(
        st,
        `${st === 'truncated' ? 'Truncated' : 'Corrupt'} gzip data (member ${members + 1}): ${inf.message}`,
        inf.errorAt,
      );
      break;
    }
    const end = inf.end;
    if (end + 8 > input.length) {
      error = khiError(
        'truncated',
        `The gzip data ends before the 8-byte trailer of member ${members + 1}.`,
        end,
      );
      break;
    }
    members++;
    const size = op - start;
    const wantCrc = u32le(input, end);
    const wantSize = u32le(input, end + 4);
    const gotCrc = crc32(out.buf, start, op);
    if (gotCrc !== wantCrc) {
      crcFailed = true;
      error = khiError(
        'corrupt',
        `gzip member ${members}: CRC-32 mismatch (stored ${hex8(wantCrc)}, computed ${hex8(gotCrc)}); the data is damaged.`,
        end,
      );
    } else if (wantSize !== size % 0x1_0000_0000) {
      error = khiError(
        'corrupt',
        `gzip member ${members}: size mismatch (trailer says ${wantSize}, decoded ${size}).`,
        end + 4,
      );
    }
    p = end + 8;
    consumed = p;
    if (!error && pacer.aborted()) {
      error = cancelled(p);
      consumed = null;
    }
  }

  opts.onProgress?.(consumed ?? p, op);
  const output = out.result(op);
  if (members > 0) {
    fields.members = members;
    fields.check = crcFailed ? 'CRC-32 (mismatch)' : 'CRC-32 (verified)';
    if (members > 1) notes.push(`${members} concatenated gzip members; their outputs are joined.`);
  }
  if (consumed !== null && !error) {
    trailingNotes(input, consumed, op, notes, fields);
    const rest = input.subarray(consumed, consumed + 8);
    if (rest.length === 8 && String.fromCharCode(...rest) === 'IKCFG_ED')
      notes.push('Followed by the IKCFG_ED marker.');
  }
  const res: DecodeResult = { output, consumed, fields, notes };
  if (error) res.error = error;
  return res;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

export const gzip: Codec = guardedCodec({
  id: 'gzip',
  name: 'gzip',
  magic: MAGIC,
  probe(input) {
    const h = parseGzipHeader(input, 0);
    if (isError(h)) return null;
    if (!firstBlockPlausible(input, h.length)) return null;
    const fields: Record<string, string | number> = {};
    headerFields(h, fields);
    return fields;
  },
  decode,
});
