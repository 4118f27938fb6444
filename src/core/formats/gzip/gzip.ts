/**
 * gzip (RFC 1952): one or more members, each a header, raw deflate data and an 8-byte trailer
 * (CRC-32 and ISIZE = output size mod 2^32). kbuild's gzip payloads and IKCFG configs are single
 * members; trailing bytes ("IKCFG_ED", padding, the rest of an image) are normal and reported.
 *
 * Each member is inflated by zlib (src/core/wasm/zlib.ts), which stops at the member's end, so
 * `consumed` is exact, and verifies CRC-32 and ISIZE. Headers are parsed here (fields, probe, and
 * whether bytes after a member start another one).
 *
 * Not DecompressionStream('gzip'): it cannot say where a member ends, Chromium drops the output
 * queued before its "Junk found after end of compressed data" error (all but the first 128 KiB of
 * a 31.7 MB member followed by 8 bytes), Node drops everything on trailing junk, and measured on
 * the same 31.7 MB member it was slower than even our earlier TypeScript inflate (medians of 5, same
 * run: Chromium 156 worker 525 vs 273 ms; Node 20 218 vs 174 ms). fflate's gunzipSync was slower too (380 / 266 ms),
 * and it reads only the first member and does not expose where the deflate data ends.
 */
import { khiError, type KhiError } from '../../errors';
import { hex8, u16le, u32le } from '../../bytes';
import { crc32 } from '../kit/crc32';
import { formatInt } from '../../format-size';
import { RET_TRAP, TRAP_TEXT, type StepResult, unlessAborted } from '../../wasm/steps';
import { Z_DATA_ERROR, Z_MEM_ERROR, Zlib } from '../../wasm/zlib';
import { OutBuf, OutBufSink, cancelled, tooLarge, trailingNotes } from '../kit/codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from '../contract';

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
/** The same when the caller may stop early (DecodeOptions.enough): ask it more often. */
const ENOUGH_SLICE = 1 << 19;
/**
 * Input window inside zlib's memory when the caller may stop early: a short run touches few fresh
 * pages (each first touch is a page fault; the default 1 MiB window is 256 of them).
 */
const ENOUGH_IN_WINDOW = 1 << 16;

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

interface GzipHeader {
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

/**
 * The header's Latin-1 `what` field (file name or comment) up to its NUL within MAX_STRING bytes, or
 * the error that it is not terminated (cut short when the input ends before MAX_STRING bytes).
 */
function zfield(b: Uint8Array, p: number, what: string): { s: string; end: number } | KhiError {
  const stop = Math.min(b.length, p + MAX_STRING);
  let s = '';
  for (let i = p; i < stop; i++) {
    const c = b[i]!;
    if (c === 0) return { s, end: i + 1 };
    if (s.length < 256) s += String.fromCharCode(c);
  }
  return khiError(
    p + MAX_STRING > b.length ? 'truncated' : 'corrupt',
    `The gzip ${what} field is not terminated.`,
    p,
  );
}

/**
 * Parse and validate a member header at b[p]. Returns the header, or a KhiError saying why the
 * bytes are not (or not all) a gzip header.
 */
function parseGzipHeader(b: Uint8Array, p: number): GzipHeader | KhiError {
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
    const z = zfield(b, q, 'file name');
    if ('code' in z) return z;
    h.name = z.s;
    q = z.end;
  }
  if (flags & FCOMMENT) {
    const z = zfield(b, q, 'comment');
    if ('code' in z) return z;
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

/** Where the member loop stopped. */
interface Stop {
  p: number;
  members: number;
  consumed: number | null;
  crcFailed: boolean;
  /** DecodeOptions.enough ended the decode before the end of the member. */
  stopped?: boolean;
  error?: KhiError;
}

/** The error for a member zlib did not finish (r: its run from the member's start at p). */
function memberError(
  z: Zlib,
  r: StepResult,
  p: number,
  member: number,
  input: Uint8Array,
  cap: number,
): KhiError {
  const at = Math.min(input.length, p + r.consumed);
  if (r.status === 'full') return tooLarge('gzip', cap, at);
  if (r.status === 'cut')
    return khiError(
      'truncated',
      `Truncated gzip data (member ${member}): the input ends at ${input.length}.`,
      input.length,
    );
  if (r.ret === RET_TRAP)
    return khiError('corrupt', `Corrupt gzip data (member ${member}) near offset ${at}: ${TRAP_TEXT}.`, at);
  if (r.ret === Z_DATA_ERROR) {
    const why = z.why();
    if (why === 'crc') {
      const want = u32le(input, at - 4);
      return khiError(
        'corrupt',
        `gzip member ${member}: CRC-32 mismatch (stored ${hex8(want)}, computed ${hex8(z.crc())}); the data is damaged.`,
        at - 4,
      );
    }
    if (why === 'size')
      return khiError(
        'corrupt',
        `gzip member ${member}: size mismatch (trailer says ${u32le(input, at - 4)}, decoded ${r.produced}).`,
        at - 4,
      );
    return khiError('corrupt', `Corrupt gzip data (member ${member}) near offset ${at}.`, at);
  }
  if (r.ret === Z_MEM_ERROR) return khiError('too-large', 'zlib could not allocate its state.', p);
  return khiError('corrupt', `Corrupt gzip data (member ${member}) near offset ${at} (zlib ${r.ret}).`, at);
}

async function members(
  z: Zlib,
  input: Uint8Array,
  sink: OutBufSink,
  fields: Record<string, string | number>,
  opts: DecodeOptions,
): Promise<Stop> {
  const st: Stop = { p: 0, members: 0, consumed: null, crcFailed: false };
  while (!st.error) {
    const p = st.p;
    const h = parseGzipHeader(input, p);
    if (isError(h)) {
      if (st.members === 0) st.error = h;
      break;
    }
    if (st.members > 0 && !firstBlockPlausible(input, p + h.length)) break;
    if (st.members === 0) headerFields(h, fields);
    const start = sink.written;
    const { onProgress: progress, enough } = opts;
    st.consumed = null;
    const r = await unlessAborted(
      z.run(input.subarray(p), sink, {
        signal: opts.signal,
        reportEvery: enough ? ENOUGH_SLICE : SLICE,
        inWindow: enough ? ENOUGH_IN_WINDOW : undefined,
        onProgress: progress ? (i, o) => progress(p + i, start + o) : undefined,
        stop: enough ? () => enough(sink.out.buf.subarray(0, sink.written)) : undefined,
      }),
    );
    if (!r) return { ...st, error: cancelled(p) };
    if (r.stopped) return { ...st, p: p + r.consumed, stopped: true };
    if (r.status !== 'end') {
      st.error = memberError(z, r, p, st.members + 1, input, sink.out.cap);
      // A member whose trailer does not match is still a whole member: its end is known.
      if (r.status === 'error' && r.ret === Z_DATA_ERROR && z.why() !== 'data') {
        st.members++;
        st.crcFailed = z.why() === 'crc';
        // zlib stops after a bad CRC-32, before the ISIZE field that ends the member.
        st.p = st.consumed = Math.min(input.length, p + r.consumed + (st.crcFailed ? 4 : 0));
      }
      break;
    }
    st.members++;
    st.p = st.consumed = p + r.consumed;
    if (opts.signal?.aborted) return { ...st, consumed: null, error: cancelled(st.p) };
  }
  return st;
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const cap = Math.max(0, opts.maxOutput);
  const sink = new OutBufSink(new OutBuf(outputGuess(input, cap), cap));
  const z = await Zlib.acquire();
  let st: Stop;
  try {
    st = await members(z, input, sink, fields, opts);
  } finally {
    z.release();
  }
  const op = sink.written;
  const { consumed, error } = st;
  opts.onProgress?.(consumed ?? st.p, op);
  if (st.members > 0) {
    fields.members = st.members;
    fields.check = st.crcFailed ? 'CRC-32 (mismatch)' : 'CRC-32 (verified)';
    if (st.members > 1) notes.push(`${st.members} concatenated gzip members; their outputs are joined.`);
  }
  if (st.stopped) notes.push(`Decoding stopped after ${formatInt(op)} bytes: what was asked for was found.`);
  if (consumed !== null && !error) {
    trailingNotes(input, consumed, op, notes, fields);
    const rest = input.subarray(consumed, consumed + 8);
    if (rest.length === 8 && String.fromCharCode(...rest) === 'IKCFG_ED')
      notes.push('Followed by the IKCFG_ED marker.');
  }
  // A stopped decode's output is looked at once and dropped: not copied to an exact-size buffer.
  const output = st.stopped ? sink.out.buf.subarray(0, op) : sink.out.result(op);
  const res: DecodeResult = { output, consumed, fields, notes };
  if (error) res.error = error;
  return res;
}

export const gzip: Codec<'gzip'> = {
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
};
