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
import { Pacer, cancelled, tooLarge, trailingNotes } from '../kit/codec-kit';
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

/** Parse the header at b[0]; a KhiError when it is cut short or invalid. */
function parseHeader(b: Uint8Array): Header | KhiError {
  const short = (): KhiError => khiError('truncated', 'The lzop header is cut short.', b.length);
  if (b.length < MAGIC.length && bytesAt(MAGIC, 0, b)) return short(); // a cut magic
  if (!bytesAt(b, 0, MAGIC)) return khiError('not-found', 'No lzop magic.', 0);
  if (b.length < 9 + 2) return short();
  let o = 9;
  const version = u16be(b, o);
  if (version < 0x0900)
    return khiError('unsupported', `lzop format version ${hex(version, 4)} is too old.`, o);
  const v940 = version >= 0x0940;
  const fixed = 2 + 2 + (v940 ? 2 : 0) + 1 + (v940 ? 1 : 0) + 4;
  if (b.length < o + fixed) return short();
  const fields: Record<string, string | number> = {
    version: hex(version, 4),
    'library version': hex(u16be(b, o + 2), 4),
  };
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
    if (b.length < o + 4) return short();
    filter = u32be(b, o);
    o += 4;
    fields.filter = filter;
  }
  if (b.length < o + (v940 ? 13 : 9)) return short();
  o += 4; // mode
  const mtime = u32be(b, o) + (v940 ? u32be(b, o + 4) * 2 ** 32 : 0);
  o += v940 ? 8 : 4;
  if (mtime > 0) fields.mtime = mtime < 8.64e12 ? new Date(mtime * 1000).toISOString() : mtime;
  const nameLen = b[o++]!;
  if (b.length < o + nameLen + 4) return short();
  let name = '';
  for (let i = 0; i < nameLen; i++) name += String.fromCharCode(b[o + i]!);
  if (name) fields.name = name;
  o += nameLen;
  const crcHeader = (flags & F_H_CRC32) !== 0;
  const sum = (s: number, e: number): number => (crcHeader ? crc32(b, s, e) : adler32(b, s, e));
  const header: Header = { end: 0, flags, method, filter, fields };
  const want = u32be(b, o);
  if (sum(9, o) !== want) {
    header.warning = khiError(
      'corrupt',
      `The lzop header checksum does not match (${crcHeader ? 'CRC-32' : 'Adler-32'}).`,
      o,
      'warning',
    );
  }
  o += 4;
  if (flags & F_H_EXTRA_FIELD) {
    if (b.length < o + 4) return short();
    const len = u32be(b, o);
    if (b.length < o + 4 + len + 4) return short();
    if (sum(o, o + 4 + len) !== u32be(b, o + 4 + len) && !header.warning) {
      header.warning = khiError(
        'corrupt',
        'The lzop extra-field checksum does not match.',
        o + 4 + len,
        'warning',
      );
    }
    fields['extra field'] = `${len} bytes`;
    o += 4 + len + 4;
  }
  const d = flags & (F_ADLER32_D | F_CRC32_D);
  fields.checksums =
    d === 0
      ? 'none'
      : [flags & F_ADLER32_D ? 'Adler-32' : '', flags & F_CRC32_D ? 'CRC-32' : '']
          .filter(Boolean)
          .join(' + ');
  header.end = o;
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

/** A zeroed buffer, or null when the engine cannot allocate it (the core never throws). */
function allocate(n: number): Uint8Array | null {
  try {
    return new Uint8Array(n);
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

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const notes: string[] = [];
  const h = parseHeader(input);
  if ('code' in h) return { output: new Uint8Array(0), consumed: null, error: h, fields: {}, notes };
  const { flags, fields } = h;
  const fail = (error: KhiError): DecodeResult => {
    if (h.warning) notes.push(h.warning.message);
    return {
      output: out.subarray(0, Math.min(outLen, opts.maxOutput)),
      consumed: null,
      error,
      fields,
      notes,
    };
  };
  const dWords = (flags & F_ADLER32_D ? 1 : 0) + (flags & F_CRC32_D ? 1 : 0);
  const cWords = (flags & F_ADLER32_C ? 1 : 0) + (flags & F_CRC32_C ? 1 : 0);
  // One exact allocation: fresh memory is costly to touch, so avoid growing and trimming.
  const planned = Math.min(totalSize(input, h.end, dWords, cWords), opts.maxOutput);
  let out = allocate(planned) ?? new Uint8Array(0);
  let outLen = 0;
  const pacer = new Pacer(opts);
  if (pacer.aborted()) return fail(cancelled(0));
  if (!METHODS[h.method]) return fail(khiError('unsupported', `lzop method ${h.method} is not LZO1X.`, 15));
  if (h.filter !== 0 && (h.filter < 1 || h.filter > 16)) {
    return fail(
      khiError('unsupported', `lzop filter ${h.filter} is not supported (only the delta filters 1-16).`, 16),
    );
  }
  let pos = h.end;
  let blocks = 0;
  let nextProgress = PROGRESS_EVERY;
  let bigBlocks = false;

  for (;;) {
    const blockAt = pos;
    if (pos + 4 > input.length)
      return fail(
        khiError(
          'truncated',
          `The lzop data ends before the end marker (${blocks} blocks read).`,
          input.length,
        ),
      );
    const dstLen = u32be(input, pos);
    pos += 4;
    if (dstLen === 0) break;
    if (dstLen === 0xffffffff)
      return fail(khiError('unsupported', 'Split (multi-part) lzop files are not supported.', blockAt));
    if (dstLen > MAX_BLOCK)
      return fail(khiError('corrupt', `lzop block of ${dstLen} bytes exceeds the 64 MiB maximum.`, blockAt));
    if (dstLen > KERNEL_MAX_BLOCK) bigBlocks = true;
    const head = 4 + dWords * 4;
    if (pos + head > input.length)
      return fail(khiError('truncated', 'The lzop data ends inside a block header.', input.length));
    const srcLen = u32be(input, pos);
    pos += 4;
    if (srcLen === 0 || srcLen > dstLen || dstLen > srcLen * 256 + 256) {
      return fail(
        khiError(
          'corrupt',
          `lzop block at ${blockAt} has compressed size ${srcLen} for ${dstLen} bytes.`,
          blockAt,
        ),
      );
    }
    const stored = srcLen === dstLen;
    const dAdler = flags & F_ADLER32_D ? u32be(input, pos) : 0;
    const dCrc = flags & F_CRC32_D ? u32be(input, pos + (flags & F_ADLER32_D ? 4 : 0)) : 0;
    pos += dWords * 4;
    let cAdler = 0;
    let cCrc = 0;
    if (!stored && cWords > 0) {
      if (pos + cWords * 4 > input.length)
        return fail(khiError('truncated', 'The lzop data ends inside a block header.', input.length));
      if (flags & F_ADLER32_C) cAdler = u32be(input, pos);
      if (flags & F_CRC32_C) cCrc = u32be(input, pos + (flags & F_ADLER32_C ? 4 : 0));
      pos += cWords * 4;
    }

    // Room for the block (allowed past maxOutput by one block; cut below).
    if (outLen + dstLen > out.length) {
      // Only when the block walk above stopped early (damage) or at the output cap.
      const next = allocate(Math.max(outLen + dstLen, Math.min(out.length * 2, opts.maxOutput)));
      if (!next)
        return fail(
          khiError(
            'too-large',
            `Could not allocate memory for the lzop output (${outLen} bytes decoded).`,
            blockAt,
          ),
        );
      next.set(out.subarray(0, outLen));
      out = next;
    }
    const blockOut = outLen;
    const avail = Math.min(srcLen, input.length - pos);
    if (stored) {
      out.set(input.subarray(pos, pos + avail), outLen);
      if (avail < srcLen) {
        outLen += avail;
        if (h.filter) unfilter(out, blockOut, outLen, h.filter); // a delta filter undoes prefix by prefix
        return fail(khiError('truncated', 'The lzop data ends inside a stored block.', input.length));
      }
    } else {
      if (cWords > 0 && avail === srcLen) {
        if (
          (flags & F_ADLER32_C && adler32(input, pos, pos + srcLen) !== cAdler) ||
          (flags & F_CRC32_C && crc32(input, pos, pos + srcLen) !== cCrc)
        ) {
          return fail(
            khiError(
              'corrupt',
              `lzop block at ${blockAt}: the compressed-data checksum does not match.`,
              blockAt,
            ),
          );
        }
      }
      const r = lzo1xDecompress(input, pos, pos + avail, out, outLen, outLen + dstLen);
      if (r.status !== LzoStatus.Ok || r.outPos - outLen !== dstLen) {
        if (avail < srcLen && r.status === LzoStatus.InputOverrun) {
          outLen = r.outPos; // everything decoded from the bytes we have is right
          if (h.filter) unfilter(out, blockOut, outLen, h.filter);
          return fail(khiError('truncated', 'The lzop data ends inside a compressed block.', input.length));
        }
        const why =
          r.status === LzoStatus.LookbehindOverrun
            ? 'a match points before the block start'
            : r.status === LzoStatus.OutputOverrun
              ? 'it decodes to more than the block size'
              : r.status === LzoStatus.InputOverrun
                ? 'it ends without an end-of-block marker'
                : r.status === LzoStatus.InputNotConsumed
                  ? 'the end-of-block marker comes early'
                  : `it decodes to ${r.outPos - outLen} bytes, not ${dstLen}`;
        return fail(
          khiError(
            'corrupt',
            `lzop block at ${blockAt} is corrupt: ${why}.`,
            Math.min(r.inPos, input.length),
          ),
        );
      }
    }
    if (h.filter) unfilter(out, blockOut, blockOut + dstLen, h.filter);
    if (
      (flags & F_ADLER32_D && adler32(out, blockOut, blockOut + dstLen) !== dAdler) ||
      (flags & F_CRC32_D && crc32(out, blockOut, blockOut + dstLen) !== dCrc)
    ) {
      return fail(
        khiError(
          'corrupt',
          `lzop block at ${blockAt}: the checksum of the decoded data does not match.`,
          blockAt,
        ),
      );
    }
    outLen += dstLen;
    pos += srcLen;
    blocks++;
    if (outLen > opts.maxOutput) {
      outLen = opts.maxOutput;
      return fail(tooLarge('lzop', opts.maxOutput, pos));
    }
    if (outLen >= nextProgress) {
      nextProgress = outLen + PROGRESS_EVERY;
      const stop = await pacer.tick(pos, outLen);
      if (stop) return fail(stop);
    }
  }

  const consumed = pos;
  fields.blocks = blocks;
  if (bigBlocks) notes.push('Blocks larger than 256 KiB: the kernel’s unlzo would reject this file.');
  trailingNotes(input, consumed, outLen, notes, fields);
  opts.onProgress?.(consumed, outLen);
  const result: DecodeResult = { output: out.subarray(0, outLen), consumed, fields, notes };
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
