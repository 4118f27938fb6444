/**
 * lzop container (".lzo"): what kbuild's `cmd_lzo` makes (`lzop -9` + a 4-byte LE size).
 *
 * Magic 89 4C 5A 4F 00 0D 0A 1A 0A, a big-endian header whose fields depend on the version
 * and flags, then blocks: dst_len (0 = end), src_len,
 * optional Adler-32/CRC-32 checksums of the uncompressed (D) and compressed (C) bytes, and the
 * payload, stored when src_len == dst_len and LZO1X otherwise. lzop blocks are independent.
 */
import { bytesAt, u16be, u32be } from '../../bytes';
import { khiError } from '../../errors';
import type { KhiError } from '../../errors';
import { Pacer, cancelled, outputBuffer, tooLarge, trailingNotes } from '../kit/codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from '../contract';
import { crc32 } from '../kit/crc32';
import { LzoStatus, lzo1xDecompress } from './lzo1x';

const MAGIC = new Uint8Array([0x89, 0x4c, 0x5a, 0x4f, 0x00, 0x0d, 0x0a, 0x1a, 0x0a]);

const F_ADLER32_D = 0x1;
const F_ADLER32_C = 0x2;
const F_H_EXTRA_FIELD = 0x40;
const F_CRC32_D = 0x100;
const F_CRC32_C = 0x200;
const F_H_FILTER = 0x800;
const F_H_CRC32 = 0x1000;

/**
 * lzop's own limit on a block; the kernel's unlzo allows 256 KiB. LZO1X expands at most ~256×
 * (each zero byte of a length adds 255), so a block claiming more than 256× its compressed size
 * is damaged: this bounds what a bad header can make us allocate.
 */
const MAX_BLOCK = 64 << 20;
const KERNEL_MAX_BLOCK = 256 << 10;
const METHODS: Record<number, string> = { 1: 'LZO1X-1', 2: 'LZO1X-1(15)', 3: 'LZO1X-999' };
const PROGRESS_EVERY = 1 << 20;

/* ------------------------------------------------------------------ checksums */

/** Adler-32 of b[start, end), continuing from `a` (1 to start). */
export function adler32(b: Uint8Array, start: number, end: number, a = 1): number {
  let s1 = a & 0xffff;
  let s2 = a >>> 16;
  let i = start;
  while (i < end) {
    const n = Math.min(end - i, 5552); // largest run without overflowing 2^32 (zlib's NMAX)
    const stop8 = i + (n & ~7);
    const stop = i + n;
    for (; i < stop8; i += 8) {
      s1 += b[i]!;
      s2 += s1;
      s1 += b[i + 1]!;
      s2 += s1;
      s1 += b[i + 2]!;
      s2 += s1;
      s1 += b[i + 3]!;
      s2 += s1;
      s1 += b[i + 4]!;
      s2 += s1;
      s1 += b[i + 5]!;
      s2 += s1;
      s1 += b[i + 6]!;
      s2 += s1;
      s1 += b[i + 7]!;
      s2 += s1;
    }
    for (; i < stop; i++) {
      s1 += b[i]!;
      s2 += s1;
    }
    s1 %= 65521;
    s2 %= 65521;
  }
  return ((s2 << 16) | s1) >>> 0;
}

/* ------------------------------------------------------------------ header */

interface Header {
  /** Offset of the first block. */
  end: number;
  flags: number;
  method: number;
  filter: number;
  fields: Record<string, string | number>;
  /** A problem that does not stop decoding (bad header checksum). */
  warning?: KhiError;
}

const hex = (n: number, w: number): string => '0x' + n.toString(16).padStart(w, '0');

const headerCut = (b: Uint8Array): KhiError =>
  khiError('truncated', 'The lzop header is cut short.', b.length);

/**
 * The fixed fields after the magic, up to the name: version, method, level, flags, filter, mtime.
 * Returns where the header checksum starts.
 */
function fixedFields(
  b: Uint8Array,
  fields: Record<string, string | number>,
): (Omit<Header, 'end' | 'fields'> & { o: number }) | KhiError {
  let o = 9;
  const version = u16be(b, o);
  if (version < 0x0900)
    return khiError('unsupported', `lzop format version ${hex(version, 4)} is too old.`, o);
  const v940 = version >= 0x0940;
  if (b.length < o + 2 + 2 + (v940 ? 2 : 0) + 1 + (v940 ? 1 : 0) + 4) return headerCut(b);
  fields.version = hex(version, 4);
  fields['library version'] = hex(u16be(b, o + 2), 4);
  o += 4;
  if (v940) {
    fields['version needed'] = hex(u16be(b, o), 4);
    o += 2;
  }
  const method = b[o++]!;
  fields.method = METHODS[method] ?? `unknown (${method})`;
  if (v940) fields.level = b[o++]!;
  const flags = u32be(b, o);
  o += 4;
  fields.flags = hex(flags, 8);
  let filter = 0;
  if (flags & F_H_FILTER) {
    if (b.length < o + 4) return headerCut(b);
    filter = u32be(b, o);
    o += 4;
    fields.filter = filter;
  }
  if (b.length < o + (v940 ? 13 : 9)) return headerCut(b);
  o += 4; // mode
  const mtime = u32be(b, o) + (v940 ? u32be(b, o + 4) * 2 ** 32 : 0);
  o += v940 ? 8 : 4;
  if (mtime > 0) fields.mtime = mtime < 8.64e12 ? new Date(mtime * 1000).toISOString() : mtime;
  const nameLen = b[o++]!;
  if (b.length < o + nameLen + 4) return headerCut(b);
  let name = '';
  for (let i = 0; i < nameLen; i++) name += String.fromCharCode(b[o + i]!);
  if (name) fields.name = name;
  return { flags, method, filter, o: o + nameLen };
}

/**
 * The header checksum at `o` and the optional extra field after it (a mismatch is a warning on
 * `header`). Returns the offset of the first block.
 */
function checkedEnd(b: Uint8Array, o: number, header: Header): number | KhiError {
  const crcHeader = (header.flags & F_H_CRC32) !== 0;
  const sum = (s: number, e: number): number => (crcHeader ? crc32(b, s, e) : adler32(b, s, e));
  const mismatch = (msg: string, at: number): KhiError => khiError('corrupt', msg, at, 'warning');
  if (sum(9, o) !== u32be(b, o))
    header.warning = mismatch(
      `The lzop header checksum does not match (${crcHeader ? 'CRC-32' : 'Adler-32'}).`,
      o,
    );
  o += 4;
  if (header.flags & F_H_EXTRA_FIELD) {
    if (b.length < o + 4) return headerCut(b);
    const len = u32be(b, o);
    if (b.length < o + 4 + len + 4) return headerCut(b);
    if (sum(o, o + 4 + len) !== u32be(b, o + 4 + len) && !header.warning)
      header.warning = mismatch('The lzop extra-field checksum does not match.', o + 4 + len);
    header.fields['extra field'] = `${len} bytes`;
    o += 4 + len + 4;
  }
  return o;
}

/** Parse the header at b[0]; a KhiError when it is cut short or invalid. */
function parseHeader(b: Uint8Array): Header | KhiError {
  if (b.length < MAGIC.length && bytesAt(MAGIC, 0, b)) return headerCut(b); // a cut magic
  if (!bytesAt(b, 0, MAGIC)) return khiError('not-found', 'No lzop magic.', 0);
  if (b.length < 9 + 2) return headerCut(b);
  const fields: Record<string, string | number> = {};
  const fixed = fixedFields(b, fields);
  if ('code' in fixed) return fixed;
  const { flags, method, filter } = fixed;
  const header: Header = { end: 0, flags, method, filter, fields };
  const end = checkedEnd(b, fixed.o, header);
  if (typeof end !== 'number') return end;
  const d = flags & (F_ADLER32_D | F_CRC32_D);
  fields.checksums =
    d === 0
      ? 'none'
      : [flags & F_ADLER32_D ? 'Adler-32' : '', flags & F_CRC32_D ? 'CRC-32' : '']
          .filter(Boolean)
          .join(' + ');
  header.end = end;
  return header;
}

function probe(input: Uint8Array): Record<string, string | number> | null {
  const h = parseHeader(input);
  if ('code' in h || h.warning || !METHODS[h.method]) return null;
  return h.fields;
}

/* ------------------------------------------------------------------ decode */

/** Undo lzop's delta filter (1..16 interleaved byte lanes) over one block. */
function unfilter(b: Uint8Array, start: number, end: number, n: number): void {
  for (let i = start + n; i < end; i++) b[i] = b[i]! + b[i - n]!;
}

/**
 * A zeroed buffer (from the platform's output arena when it lends one), or null when the engine
 * cannot allocate it (the core never throws).
 */
function allocate(n: number): Uint8Array | null {
  try {
    return outputBuffer(n);
  } catch {
    return null;
  }
}

/** Sum of the blocks' dst_len, walking the block headers only (stops at damage). */
function totalSize(b: Uint8Array, pos: number, dWords: number, cWords: number): number {
  let total = 0;
  while (pos + 8 <= b.length) {
    const dst = u32be(b, pos);
    const src = u32be(b, pos + 4);
    if (dst === 0 || dst > MAX_BLOCK || src === 0 || src > dst || dst > src * 256 + 256) break;
    total += dst;
    pos += 8 + dWords * 4 + (src < dst ? cWords * 4 : 0) + src;
  }
  return total;
}

/** One decode: the input, its header, the output so far and where the next block starts. */
interface LzopRun {
  input: Uint8Array;
  h: Header;
  /** Checksum words after each block's sizes: of the decoded (D) and the compressed (C) bytes. */
  dWords: number;
  cWords: number;
  out: Uint8Array;
  outLen: number;
  pos: number;
  maxOutput: number;
}

/** One block's header: sizes and the checksums it carries. */
interface BlockHeader {
  at: number;
  dstLen: number;
  srcLen: number;
  dAdler: number;
  dCrc: number;
  cAdler: number;
  cCrc: number;
}

const cut = (st: LzopRun, where: string): KhiError =>
  khiError('truncated', `The lzop data ends ${where}.`, st.input.length);

/** The block header at st.pos (st.pos moves past it); 'end' at the end marker. */
function readBlockHeader(st: LzopRun, blocks: number): BlockHeader | KhiError | 'end' {
  const { input, h } = st;
  const at = st.pos;
  if (at + 4 > input.length) return cut(st, `before the end marker (${blocks} blocks read)`);
  const dstLen = u32be(input, at);
  st.pos += 4;
  if (dstLen === 0) return 'end';
  if (dstLen === 0xffffffff)
    return khiError('unsupported', 'Split (multi-part) lzop files are not supported.', at);
  if (dstLen > MAX_BLOCK)
    return khiError('corrupt', `lzop block of ${dstLen} bytes exceeds the 64 MiB maximum.`, at);
  if (st.pos + 4 + st.dWords * 4 > input.length) return cut(st, 'inside a block header');
  const srcLen = u32be(input, st.pos);
  st.pos += 4;
  if (srcLen === 0 || srcLen > dstLen || dstLen > srcLen * 256 + 256)
    return khiError('corrupt', `lzop block at ${at} has compressed size ${srcLen} for ${dstLen} bytes.`, at);
  const bh: BlockHeader = { at, dstLen, srcLen, dAdler: 0, dCrc: 0, cAdler: 0, cCrc: 0 };
  const p = st.pos;
  if (h.flags & F_ADLER32_D) bh.dAdler = u32be(input, p);
  if (h.flags & F_CRC32_D) bh.dCrc = u32be(input, p + (h.flags & F_ADLER32_D ? 4 : 0));
  st.pos += st.dWords * 4;
  if (srcLen !== dstLen && st.cWords > 0) {
    if (st.pos + st.cWords * 4 > input.length) return cut(st, 'inside a block header');
    if (h.flags & F_ADLER32_C) bh.cAdler = u32be(input, st.pos);
    if (h.flags & F_CRC32_C) bh.cCrc = u32be(input, st.pos + (h.flags & F_ADLER32_C ? 4 : 0));
    st.pos += st.cWords * 4;
  }
  return bh;
}

/** Room for the block (allowed past maxOutput by one block; cut later). */
function makeRoom(st: LzopRun, bh: BlockHeader): KhiError | null {
  if (st.outLen + bh.dstLen <= st.out.length) return null;
  // Only when the block walk (totalSize) stopped early (damage) or at the output cap.
  const next = allocate(Math.max(st.outLen + bh.dstLen, Math.min(st.out.length * 2, st.maxOutput)));
  if (!next)
    return khiError(
      'too-large',
      `Could not allocate memory for the lzop output (${st.outLen} bytes decoded).`,
      bh.at,
    );
  next.set(st.out.subarray(0, st.outLen));
  st.out = next;
  return null;
}

/** What a failed LZO1X block says about itself. */
function lzoWhy(status: LzoStatus, decoded: number, dstLen: number): string {
  switch (status) {
    case LzoStatus.LookbehindOverrun:
      return 'a match points before the block start';
    case LzoStatus.OutputOverrun:
      return 'it decodes to more than the block size';
    case LzoStatus.InputOverrun:
      return 'it ends without an end-of-block marker';
    case LzoStatus.InputNotConsumed:
      return 'the end-of-block marker comes early';
    default:
      return `it decodes to ${decoded} bytes, not ${dstLen}`;
  }
}

/**
 * Decode one block's payload into st.out at st.outLen (not yet counted). A cut payload keeps what
 * its bytes decode to (st.outLen moves, the delta filter undone) and returns a 'truncated' error.
 */
function decodePayload(st: LzopRun, bh: BlockHeader): KhiError | null {
  const { input, h, pos } = st;
  const avail = Math.min(bh.srcLen, input.length - pos);
  const keepCut = (end: number, where: string): KhiError => {
    const start = st.outLen;
    st.outLen = end;
    if (h.filter) unfilter(st.out, start, end, h.filter); // a delta filter undoes prefix by prefix
    return cut(st, where);
  };
  if (bh.srcLen === bh.dstLen) {
    st.out.set(input.subarray(pos, pos + avail), st.outLen);
    return avail < bh.srcLen ? keepCut(st.outLen + avail, 'inside a stored block') : null;
  }
  if (
    st.cWords > 0 &&
    avail === bh.srcLen &&
    ((h.flags & F_ADLER32_C && adler32(input, pos, pos + bh.srcLen) !== bh.cAdler) ||
      (h.flags & F_CRC32_C && crc32(input, pos, pos + bh.srcLen) !== bh.cCrc))
  )
    return khiError('corrupt', `lzop block at ${bh.at}: the compressed-data checksum does not match.`, bh.at);
  const r = lzo1xDecompress(input, pos, pos + avail, st.out, st.outLen, st.outLen + bh.dstLen);
  if (r.status === LzoStatus.Ok && r.outPos - st.outLen === bh.dstLen) return null;
  // Everything decoded from the bytes we have is right.
  if (avail < bh.srcLen && r.status === LzoStatus.InputOverrun)
    return keepCut(r.outPos, 'inside a compressed block');
  const why = lzoWhy(r.status, r.outPos - st.outLen, bh.dstLen);
  return khiError('corrupt', `lzop block at ${bh.at} is corrupt: ${why}.`, Math.min(r.inPos, input.length));
}

/** Undo the filter over the decoded block and verify its checksums. */
function finishBlock(st: LzopRun, bh: BlockHeader): KhiError | null {
  const { out, h } = st;
  const start = st.outLen;
  const end = start + bh.dstLen;
  if (h.filter) unfilter(out, start, end, h.filter);
  if (
    (h.flags & F_ADLER32_D && adler32(out, start, end) !== bh.dAdler) ||
    (h.flags & F_CRC32_D && crc32(out, start, end) !== bh.dCrc)
  )
    return khiError(
      'corrupt',
      `lzop block at ${bh.at}: the checksum of the decoded data does not match.`,
      bh.at,
    );
  return null;
}

/** A header this decoder cannot go on with: not LZO1X, or a filter other than delta 1–16. */
function unsupported(h: Header): KhiError | null {
  if (!METHODS[h.method]) return khiError('unsupported', `lzop method ${h.method} is not LZO1X.`, 15);
  if (h.filter !== 0 && (h.filter < 1 || h.filter > 16))
    return khiError(
      'unsupported',
      `lzop filter ${h.filter} is not supported (only the delta filters 1-16).`,
      16,
    );
  return null;
}

function newRun(input: Uint8Array, h: Header, maxOutput: number): LzopRun {
  const dWords = (h.flags & F_ADLER32_D ? 1 : 0) + (h.flags & F_CRC32_D ? 1 : 0);
  const cWords = (h.flags & F_ADLER32_C ? 1 : 0) + (h.flags & F_CRC32_C ? 1 : 0);
  // One exact allocation: fresh memory is costly to touch, so avoid growing and trimming.
  const planned = Math.min(totalSize(input, h.end, dWords, cWords), maxOutput);
  const out = allocate(planned) ?? new Uint8Array(0);
  return { input, h, dWords, cWords, out, outLen: 0, pos: h.end, maxOutput };
}

/** The blocks, one after another, up to the end marker; an error stops them. */
async function blocks(
  st: LzopRun,
  pacer: Pacer,
): Promise<{ blocks: number; big: boolean; error?: KhiError }> {
  let n = 0;
  let big = false;
  let nextProgress = PROGRESS_EVERY;
  for (;;) {
    const bh = readBlockHeader(st, n);
    if (bh === 'end') return { blocks: n, big };
    if ('code' in bh) return { blocks: n, big, error: bh };
    if (bh.dstLen > KERNEL_MAX_BLOCK) big = true;
    const error = makeRoom(st, bh) ?? decodePayload(st, bh) ?? finishBlock(st, bh);
    if (error) return { blocks: n, big, error };
    st.outLen += bh.dstLen;
    st.pos += bh.srcLen;
    n++;
    if (st.outLen > st.maxOutput) {
      st.outLen = st.maxOutput;
      return { blocks: n, big, error: tooLarge('lzop', st.maxOutput, st.pos) };
    }
    if (st.outLen >= nextProgress) {
      nextProgress = st.outLen + PROGRESS_EVERY;
      const stop = await pacer.tick(st.pos, st.outLen);
      if (stop) return { blocks: n, big, error: stop };
    }
  }
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const notes: string[] = [];
  const h = parseHeader(input);
  if ('code' in h) return { output: new Uint8Array(0), consumed: null, error: h, fields: {}, notes };
  const { fields } = h;
  const st = newRun(input, h, opts.maxOutput);
  const fail = (error: KhiError): DecodeResult => {
    if (h.warning) notes.push(h.warning.message);
    const output = st.out.subarray(0, Math.min(st.outLen, opts.maxOutput));
    return { output, consumed: null, error, fields, notes };
  };
  const pacer = new Pacer(opts);
  if (pacer.aborted()) return fail(cancelled(0));
  const bad = unsupported(h);
  if (bad) return fail(bad);
  const walk = await blocks(st, pacer);
  if (walk.error) return fail(walk.error);
  const consumed = st.pos;
  fields.blocks = walk.blocks;
  if (walk.big) notes.push('Blocks larger than 256 KiB: the kernel’s unlzo would reject this file.');
  trailingNotes(input, consumed, st.outLen, notes, fields);
  opts.onProgress?.(consumed, st.outLen);
  const result: DecodeResult = { output: st.out.subarray(0, st.outLen), consumed, fields, notes };
  if (h.warning) result.error = h.warning;
  return result;
}

export const lzo: Codec<'lzo'> = {
  id: 'lzo',
  name: 'lzop',
  magic: MAGIC,
  probe,
  decode,
};
