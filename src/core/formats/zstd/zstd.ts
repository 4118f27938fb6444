/**
 * Zstandard (RFC 8878): concatenated frames and skippable frames. kbuild's payloads are
 * `zstd -22 --ultra` from a pipe (window up to 128 MiB, no content size, XXH64 checksum), followed by
 * the 4-byte size trailer.
 *
 * The headers and block boundaries are read here (fields, the exact end of each frame, so
 * `consumed` is exact, and the output size to allocate once); each frame's data is decoded by
 * libzstd (src/core/wasm/libzstd.ts), which also verifies the XXH64 content checksum.
 */
import { khiError, type KhiError } from '../../errors';
import { hex8, u32le } from '../../bytes';
import {
  Libzstd,
  ZSTD_CHECKSUM_WRONG,
  ZSTD_MEMORY,
  ZSTD_WINDOW_TOO_LARGE,
  zstdErrorText,
} from '../../wasm/libzstd';
import { RET_TRAP, TRAP_TEXT, type StepResult, unlessAborted } from '../../wasm/steps';
import { OutBuf, OutBufSink, cancelled, tooLarge, trailingNotes } from '../kit/codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from '../contract';

/** Largest block content (RFC 8878 3.1.1.2.3). */
const BLOCK_MAX = 128 << 10;

const MAGIC = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
const MAGIC_U32 = 0xfd2fb528;
const MAX_WINDOW = 2 ** 31;
/** Output between progress reports / cancellation checks. */
const SLICE = 2 << 20;

interface ZstdFrameHeader {
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
interface Walk {
  end: number;
  bound: number;
  exact: number;
  blocks: number;
}

function walk(b: Uint8Array, p: number, h: ZstdFrameHeader): Walk | KhiError {
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

interface Tally {
  frames: number;
  skipped: number;
  blocks: number;
  verified: number;
  unchecked: number;
  mismatch: boolean;
}

/** Skip a skippable frame at p: the position after it, or an error. */
function skipFrame(input: Uint8Array, p: number): number | KhiError {
  if (p + 8 > input.length) return khiError('truncated', 'A zstd skippable frame header is cut short.', p);
  const n = u32le(input, p + 4);
  if (p + 8 + n > input.length)
    return khiError('truncated', `A zstd skippable frame declares ${n} bytes but the data ends first.`, p);
  return p + 8 + n;
}

/** Why libzstd stopped inside the frame at `p` (walked: its block headers, or why they fail). */
function frameError(
  r: StepResult,
  input: Uint8Array,
  p: number,
  walked: Walk | KhiError,
  frame: number,
  cap: number,
): KhiError {
  const at = p + r.consumed;
  if (r.status === 'cut')
    return isError(walked) ? walked : khiError('truncated', `zstd frame ${frame} ends early.`, at);
  if (r.status === 'full') return tooLarge('zstd', cap, at);
  if (r.ret === RET_TRAP)
    return khiError('corrupt', `zstd frame ${frame} is corrupt near offset ${at}: ${TRAP_TEXT}.`, at);
  if (r.ret === -ZSTD_CHECKSUM_WRONG && !isError(walked))
    return khiError(
      'corrupt',
      `zstd frame ${frame}: content checksum mismatch (stored ${hex8(u32le(input, walked.end - 4))}); the data is damaged.`,
      walked.end - 4,
    );
  if (r.ret === -ZSTD_MEMORY || r.ret === -ZSTD_WINDOW_TOO_LARGE)
    return khiError(
      'unsupported',
      `zstd frame ${frame} needs more memory than is available (${zstdErrorText(r.ret)}).`,
      p,
    );
  return khiError(
    'corrupt',
    `zstd frame ${frame} is corrupt near offset ${at} (${zstdErrorText(r.ret)}).`,
    at,
  );
}

/** Decode the frames from p on into `sink`; returns where decoding stopped and any error. */
async function frames(
  z: Libzstd,
  input: Uint8Array,
  sink: OutBufSink,
  t: Tally,
  fields: Record<string, string | number>,
  opts: DecodeOptions,
): Promise<{ p: number; error?: KhiError }> {
  let p = 0;
  while (p < input.length) {
    if (isSkippable(input, p)) {
      const next = skipFrame(input, p);
      if (typeof next !== 'number') return { p, error: next };
      p = next;
      t.skipped++;
      continue;
    }
    const h = parseZstdHeader(input, p);
    if (isError(h)) return t.frames === 0 && t.skipped === 0 ? { p, error: h } : { p };
    if (h.dictionaryId !== 0) {
      const msg = `The zstd frame needs dictionary ${h.dictionaryId}, which is not available.`;
      return { p, error: khiError('unsupported', msg, p) };
    }
    const w = walk(input, p, h);
    if (t.frames > 0 && isError(w) && w.code === 'corrupt') return { p }; // not a frame: trailing bytes
    if (t.frames === 0) {
      fields.window = mib(h.windowSize);
      if (h.contentSize !== null) fields['content size'] = h.contentSize;
      sink.out.ensure(Math.min(sink.out.cap, expectedSize(input)), 0);
    }
    const start = sink.written;
    const end = isError(w) ? input.length : w.end;
    const progress = opts.onProgress;
    const r = await unlessAborted(
      z.run(input.subarray(p, end), sink, {
        signal: opts.signal,
        reportEvery: SLICE,
        onProgress: progress ? (i, o) => progress(p + i, start + o) : undefined,
      }),
    );
    if (!r) return { p, error: cancelled(p) };
    if (r.status === 'error' && r.ret === -ZSTD_CHECKSUM_WRONG) {
      // Keep the frame's data (libzstd hands out none of a frame that fails its check), then say so.
      sink.written = start;
      await z.run(input.subarray(p, end), sink, { signal: opts.signal }, true);
    }
    if (r.status !== 'end') {
      const error = frameError(r, input, p, w, t.frames + 1, sink.out.cap);
      t.mismatch = r.ret === -ZSTD_CHECKSUM_WRONG;
      if (t.mismatch) t.frames++;
      return { p: t.mismatch ? end : p, error };
    }
    t.blocks += isError(w) ? 0 : w.blocks;
    if (h.checksum) t.verified++;
    else t.unchecked++;
    t.frames++;
    p = end;
  }
  return { p };
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const sink = new OutBufSink(new OutBuf(0, Math.max(0, opts.maxOutput)));
  const t: Tally = { frames: 0, skipped: 0, blocks: 0, verified: 0, unchecked: 0, mismatch: false };
  const z = await Libzstd.acquire();
  let stop: { p: number; error?: KhiError };
  try {
    stop = await frames(z, input, sink, t, fields, opts);
  } finally {
    z.release();
  }
  const { p } = stop;
  let error = stop.error;
  const op = sink.written;
  if (t.frames === 0 && t.skipped === 0 && !error)
    error = khiError('truncated', 'No zstd frame: the data is empty.', 0);
  opts.onProgress?.(p, op);
  fields.frames = t.frames;
  fields.blocks = t.blocks;
  if (t.mismatch) fields.check = 'XXH64 (mismatch)';
  else if (t.verified > 0) fields.check = 'XXH64 (verified)';
  else fields.check = 'none';
  if (t.unchecked > 0 && t.verified > 0)
    notes.push(`${t.unchecked} of ${t.frames} frames carry no checksum.`);
  if (t.frames > 1) notes.push(`${t.frames} concatenated zstd frames; their outputs are joined.`);
  if (t.skipped > 0) {
    fields['skippable frames'] = t.skipped;
    notes.push(`${t.skipped} skippable frame${t.skipped === 1 ? '' : 's'} (ignored).`);
  }
  const consumed = !error || t.mismatch ? p : null;
  if (!error) trailingNotes(input, p, op, notes, fields);
  const res: DecodeResult = { output: sink.out.result(op), consumed, fields, notes };
  if (error) res.error = error;
  return res;
}

export const zstd: Codec<'zstd'> = {
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
};
