/**
 * Zstandard (RFC 8878): concatenated frames and skippable frames. kbuild's payloads are
 * `zstd -22 --ultra` from a pipe (window up to 128 MiB, no content size, XXH64 checksum), followed by
 * the 4-byte size trailer.
 *
 * Our own decoder (./zstd-block.ts) writes straight into one output buffer that is also the
 * window. The end of each frame follows from its block headers, so `consumed` is exact; the XXH64
 * content checksum is verified (./xxh64.ts).
 */
import { khiError, type KhiError } from '../errors';
import { u32le } from '../bytes';
import { OutBuf, Pacer, guardedCodec, tooLarge, trailingNotes } from './codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from './contract';
import { BLOCK_MAX, FrameState, decodeBlock } from './zstd-block';
import { xxh64Low32 } from './xxh64';

const MAGIC = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
const MAGIC_U32 = 0xfd2fb528;
const MAX_WINDOW = 2 ** 31;
/** Output between progress reports / cancellation checks. */
const SLICE = 2 << 20;

export interface ZstdFrameHeader {
  /** Header length including the magic. */
  length: number;
  /** Frame_Content_Size, or null when absent. */
  contentSize: number | null;
  windowSize: number;
  singleSegment: boolean;
  checksum: boolean;
  dictionaryId: number;
}

const isSkippable = (b: Uint8Array, p: number): boolean =>
  p + 4 <= b.length && (u32le(b, p) & 0xfffffff0) === 0x184d2a50;

/** Parse and validate a frame header at b[p]. */
export function parseZstdHeader(b: Uint8Array, p: number): ZstdFrameHeader | KhiError {
  if (p + 5 > b.length) return khiError('truncated', 'The zstd frame header is cut short.', p);
  if (u32le(b, p) !== MAGIC_U32) return khiError('corrupt', 'No zstd magic (28 B5 2F FD).', p);
  const fhd = b[p + 4]!;
  if (fhd & 8) return khiError('corrupt', 'The zstd frame header sets its reserved bit.', p + 4);
  const single = (fhd & 0x20) !== 0;
  const fcsFlag = fhd >> 6;
  const fcsSize = fcsFlag === 0 ? (single ? 1 : 0) : 1 << fcsFlag;
  const didSize = [0, 1, 2, 4][fhd & 3]!;
  const length = 5 + (single ? 0 : 1) + didSize + fcsSize;
  if (p + length > b.length) return khiError('truncated', 'The zstd frame header is cut short.', p);
  let q = p + 5;
  let windowSize = 0;
  if (!single) {
    const wd = b[q++]!;
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
    if (windowSize > MAX_WINDOW)
      return khiError('unsupported', `The zstd window (${windowSize} bytes) is larger than 2 GiB.`, q - 1);
  }
  let dictionaryId = 0;
  for (let i = 0; i < didSize; i++) dictionaryId += b[q++]! * 2 ** (8 * i);
  let contentSize: number | null = null;
  if (fcsSize > 0) {
    let v = 0;
    for (let i = 0; i < fcsSize; i++) v += b[q + i]! * 2 ** (8 * i);
    contentSize = fcsSize === 2 ? v + 256 : v;
  }
  if (single) {
    windowSize = contentSize!;
    if (windowSize > MAX_WINDOW)
      return khiError(
        'unsupported',
        `The zstd frame (${windowSize} bytes, single segment) is larger than 2 GiB.`,
        p,
      );
  }
  return { length, contentSize, windowSize, singleSegment: single, checksum: (fhd & 4) !== 0, dictionaryId };
}

const isError = <T extends object>(h: T | KhiError): h is KhiError => 'code' in h;

const mib = (n: number): string =>
  n >= 1 << 20 && n % (1 << 20) === 0
    ? `${n / (1 << 20)} MiB`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024} KiB`
      : `${n} B`;

/**
 * Walk the block headers of a frame (no decoding). Returns the frame end, an upper bound of its
 * output, and the block count; or an error for impossible headers / a frame cut short.
 */
function walk(
  b: Uint8Array,
  p: number,
  h: ZstdFrameHeader,
): { end: number; bound: number; exact: number; blocks: number } | KhiError {
  const blockMax = Math.min(BLOCK_MAX, h.windowSize);
  let q = p + h.length;
  let bound = 0;
  let exact = 0;
  let blocks = 0;
  for (;;) {
    if (q + 3 > b.length)
      return khiError('truncated', `The zstd data ends before block ${blocks + 1} of the frame at ${p}.`, q);
    const bh = b[q]! | (b[q + 1]! << 8) | (b[q + 2]! << 16);
    const type = (bh >> 1) & 3;
    const size = bh >>> 3;
    if (type === 3) return khiError('corrupt', 'A zstd block has the reserved block type 3.', q);
    if (size > blockMax)
      return khiError(
        'corrupt',
        `A zstd block declares ${size} bytes, more than the ${blockMax} allowed.`,
        q,
      );
    bound += type === 2 ? blockMax : size;
    if (type !== 2) exact += size;
    q += 3 + (type === 1 ? 1 : size);
    blocks++;
    if (q > b.length)
      return khiError('truncated', `zstd block ${blocks} of the frame at ${p} is cut short.`, q - size);
    if (bh & 1) break;
  }
  if (h.checksum) {
    q += 4;
    if (q > b.length) return khiError('truncated', 'The zstd data ends inside a frame checksum.', q - 4);
  }
  return { end: q, bound, exact, blocks };
}

/**
 * Expected total output, to size the buffer once: walk all frames (block headers only); when the
 * kbuild size trailer follows and fits between the exact and the upper bound, it is the size.
 */
function expectedSize(b: Uint8Array): number {
  let p = 0;
  let bound = 0;
  let exact = 0;
  while (p < b.length) {
    if (isSkippable(b, p)) {
      p += 8 + (p + 8 <= b.length ? u32le(b, p + 4) : 0);
      continue;
    }
    const h = parseZstdHeader(b, p);
    if (isError(h)) break;
    const w = walk(b, p, h);
    if (isError(w)) return bound + b.length * 4;
    bound += h.contentSize ?? w.bound;
    exact += h.contentSize ?? w.exact;
    p = w.end;
  }
  if (p + 4 <= b.length) {
    const t = u32le(b, p);
    if (t >= exact && t <= bound) return t;
  }
  return Math.min(bound, Math.max(64 << 20, b.length * 32));
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const cap = Math.max(0, opts.maxOutput);
  const pacer = new Pacer(opts);
  const out = new OutBuf(0, cap, BLOCK_MAX);
  let op = 0;
  let p = 0;
  let frames = 0;
  let skipped = 0;
  let blocks = 0;
  let verified = 0;
  let unverified = 0;
  let unchecked = 0;
  let nextTick = SLICE;
  let error: KhiError | undefined;
  let fs: FrameState | null = null;

  frameLoop: while (p < input.length) {
    if (isSkippable(input, p)) {
      if (p + 8 > input.length) {
        error = khiError('truncated', 'A zstd skippable frame header is cut short.', p);
        break;
      }
      const n = u32le(input, p + 4);
      if (p + 8 + n > input.length) {
        error = khiError(
          'truncated',
          `A zstd skippable frame declares ${n} bytes but the data ends first.`,
          p,
        );
        break;
      }
      p += 8 + n;
      skipped++;
      continue;
    }
    const h = parseZstdHeader(input, p);
    if (isError(h)) {
      if (frames === 0 && skipped === 0) error = h;
      break;
    }
    if (h.dictionaryId !== 0) {
      error = khiError(
        'unsupported',
        `The zstd frame needs dictionary ${h.dictionaryId}, which is not available.`,
        p,
      );
      break;
    }
    const w = walk(input, p, h);
    if (frames > 0 && isError(w) && w.code === 'corrupt') break; // not a frame after all: trailing bytes
    const frameStart = op;
    if (frames === 0) {
      fields.window = mib(h.windowSize);
      if (h.contentSize !== null) fields['content size'] = h.contentSize;
      out.ensure(Math.min(cap, expectedSize(input)) + BLOCK_MAX, 0);
    }
    if (!fs || fs.windowSize !== h.windowSize) fs = new FrameState(h.windowSize);
    else fs.reset();
    const blockMax = Math.min(BLOCK_MAX, h.windowSize);
    let q = p + h.length;
    for (;;) {
      if (q + 3 > input.length) {
        error = khiError('truncated', `The zstd data ends before block ${blocks + 1}.`, q);
        break frameLoop;
      }
      const bh = input[q]! | (input[q + 1]! << 8) | (input[q + 2]! << 16);
      const type = (bh >> 1) & 3;
      const size = bh >>> 3;
      const last = (bh & 1) === 1;
      const data = q + 3;
      if (type === 3 || size > blockMax) {
        error = khiError(
          'corrupt',
          type === 3
            ? 'A zstd block has the reserved block type 3.'
            : `A zstd block declares ${size} bytes, more than the ${blockMax} allowed.`,
          q,
        );
        break frameLoop;
      }
      const inLen = type === 1 ? 1 : size;
      if (data + inLen > input.length) {
        if (type === 0) {
          // A raw block cut short: keep what is there.
          const n = Math.min(input.length - data, cap - op);
          if (n > 0 && out.ensure(op + n, op)) {
            out.buf.set(input.subarray(data, data + n), op);
            op += n;
          }
        }
        error = khiError(
          'truncated',
          `zstd block ${blocks + 1} needs ${inLen} bytes but the data ends first.`,
          q,
        );
        break frameLoop;
      }
      if (!out.ensure(op + blockMax, op)) {
        error = tooLarge('zstd', cap, q);
        break frameLoop;
      }
      const buf = out.buf;
      if (type === 0) {
        buf.set(input.subarray(data, data + size), op);
        op += size;
      } else if (type === 1) {
        buf.fill(input[data]!, op, op + size);
        op += size;
      } else {
        const r = decodeBlock(input, data, data + size, fs, buf, op, frameStart, blockMax);
        if (r.op < 0) {
          error = khiError('corrupt', `zstd block ${blocks + 1} is corrupt: ${r.error}.`, q);
          break frameLoop;
        }
        op = r.op;
      }
      blocks++;
      q = data + inLen;
      if (op > cap) {
        op = cap;
        error = tooLarge('zstd', cap, q);
        break frameLoop;
      }
      if (op >= nextTick) {
        nextTick = op + SLICE;
        const c = await pacer.tick(q, op);
        if (c) {
          error = c;
          break frameLoop;
        }
      }
      if (last) break;
    }
    if (h.contentSize !== null && op - frameStart !== h.contentSize) {
      error = khiError(
        'corrupt',
        `The zstd frame declares ${h.contentSize} bytes of content but decodes to ${op - frameStart}.`,
        q,
      );
      break;
    }
    if (!h.checksum) unchecked++;
    else {
      if (q + 4 > input.length) {
        error = khiError('truncated', 'The zstd data ends inside a frame checksum.', q);
        break;
      }
      const got = xxh64Low32(out.buf, frameStart, op);
      if (got === null) unverified++;
      else if (got !== u32le(input, q)) {
        error = khiError(
          'corrupt',
          `zstd frame ${frames + 1}: content checksum mismatch (stored ${hex8(u32le(input, q))}, computed ${hex8(got)}); the data is damaged.`,
          q,
        );
        p = q + 4;
        frames++;
        break;
      } else verified++;
      q += 4;
    }
    p = q;
    frames++;
  }

  if (frames === 0 && skipped === 0 && !error)
    error = khiError('truncated', 'No zstd frame: the data is empty.', 0);
  opts.onProgress?.(p, op);
  fields.frames = frames;
  fields.blocks = blocks;
  const mismatch = error?.message.includes('checksum mismatch') === true;
  if (mismatch) fields.check = 'XXH64 (mismatch)';
  else if (unverified > 0) fields.check = 'XXH64 (not verified: WebAssembly unavailable)';
  else if (verified > 0) fields.check = 'XXH64 (verified)';
  else fields.check = 'none';
  if (unchecked > 0 && verified + unverified > 0)
    notes.push(`${unchecked} of ${frames} frames carry no checksum.`);
  if (frames > 1) notes.push(`${frames} concatenated zstd frames; their outputs are joined.`);
  if (skipped > 0) {
    fields['skippable frames'] = skipped;
    notes.push(`${skipped} skippable frame${skipped === 1 ? '' : 's'} (ignored).`);
  }
  const consumed = !error || mismatch ? p : null;
  if (!error) trailingNotes(input, p, op, notes, fields);
  const res: DecodeResult = { output: out.result(op), consumed, fields, notes };
  if (error) res.error = error;
  return res;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

export const zstd: Codec = guardedCodec({
  id: 'zstd',
  name: 'zstd',
  magic: MAGIC,
  probe(input) {
    const h = parseZstdHeader(input, 0);
    if (isError(h)) return null;
    // The first block header must make sense too.
    const q = h.length;
    if (q + 3 <= input.length) {
      const bh = input[q]! | (input[q + 1]! << 8) | (input[q + 2]! << 16);
      if (((bh >> 1) & 3) === 3 || bh >>> 3 > Math.min(BLOCK_MAX, h.windowSize)) return null;
    }
    const f: Record<string, string | number> = {
      window: mib(h.windowSize),
      check: h.checksum ? 'XXH64' : 'none',
    };
    if (h.contentSize !== null) f['content size'] = h.contentSize;
    if (h.dictionaryId) f.dictionary = h.dictionaryId;
    return f;
  },
  decode,
});
