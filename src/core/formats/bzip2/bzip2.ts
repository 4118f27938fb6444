/**
 * bzip2: "BZh" + level '1'–'9', then blocks (48-bit magic 0x314159265359, block CRC, BWT origin,
 * symbol map, Huffman-coded MTF/RLE2 symbols) and an end-of-stream marker (0x177245385090 + the
 * combined CRC), bit-aligned; the stream is padded to a byte. kbuild uses one stream followed by
 * the 4-byte size; `bzip2` itself may write several concatenated streams.
 *
 * Each stream is decoded by libbz2 (src/core/wasm/libbz2.ts), which verifies every block CRC and the
 * combined CRC and stops at the stream's last byte, so `consumed` is exact. Output stops after the
 * last block whose CRC matched, or after a block that decoded but fails its CRC, kept as decoded
 * (as bzip2 -dc writes it; the error says so). The stream headers are read here (fields, probe, and whether the
 * bytes after a stream start another one).
 */
import { hex8 } from '../../bytes';
import { khiError, type KhiError } from '../../errors';
import { BZ_DATA_ERROR, BZ_MEM_ERROR, Libbz2 } from '../../wasm/libbz2';
import { RET_TRAP, TRAP_TEXT, type StepResult, unlessAborted } from '../../wasm/steps';
import { ChunkSink, cancelled, tooLarge, trailingNotes } from '../kit/codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from '../contract';

const MAGIC = Uint8Array.of(0x42, 0x5a, 0x68);
const BLOCK_HI = 0x314159;
const BLOCK_LO = 0x265359;
const EOS_HI = 0x177245;
const EOS_LO = 0x385090;
/** Output bytes between progress reports and abort checks. */
const SLICE = 1 << 21;

/** "BZh" + '1'..'9' + the 48-bit block or end-of-stream magic at b[p]. Returns the level or 0. */
function streamHeader(b: Uint8Array, p: number): number {
  if (p + 10 > b.length || b[p] !== 0x42 || b[p + 1] !== 0x5a || b[p + 2] !== 0x68) return 0;
  const level = b[p + 3]! - 0x30;
  if (level < 1 || level > 9) return 0;
  const hi = (b[p + 4]! << 16) | (b[p + 5]! << 8) | b[p + 6]!;
  const lo = (b[p + 7]! << 16) | (b[p + 8]! << 8) | b[p + 9]!;
  if ((hi === BLOCK_HI && lo === BLOCK_LO) || (hi === EOS_HI && lo === EOS_LO)) return level;
  return 0;
}

/** Where the stream loop stopped. */
interface Stop {
  p: number;
  streams: number;
  blocks: number;
  consumed: number | null;
  error?: KhiError;
}

/** The error for a stream libbz2 did not finish (r: its run from the stream's start at p). */
function streamError(
  bz: Libbz2,
  r: StepResult,
  p: number,
  blocks: number,
  input: Uint8Array,
  cap: number,
): KhiError {
  const n = blocks + 1;
  if (r.ret === RET_TRAP) {
    const near = Math.min(input.length, p + r.consumed);
    return khiError('corrupt', `bzip2 block ${n} is corrupt near offset ${near}: ${TRAP_TEXT}.`, near);
  }
  const at = p + bz.badBlockAt();
  if (r.status === 'full') return tooLarge('bzip2', cap, Math.min(input.length, p + r.consumed));
  if (r.status === 'cut')
    return khiError(
      'truncated',
      `The bzip2 data ends inside block ${n} (started at byte ${at}); output stops after the last complete block.`,
      at,
    );
  if (r.ret === BZ_MEM_ERROR) return khiError('too-large', 'libbz2 could not allocate its block buffer.', p);
  if (r.ret !== BZ_DATA_ERROR)
    return khiError('corrupt', `bzip2 block ${n} (at byte ${at}) is corrupt (libbz2 ${r.ret}).`, at);
  const damage = bz.damage();
  const { stored, computed } = bz.crcs();
  if (damage === 'stream-crc') {
    const end = Math.min(input.length, p + r.consumed);
    return khiError(
      'corrupt',
      `The bzip2 stream CRC does not match (stored ${hex8(stored)}, computed ${hex8(computed)}).`,
      end - 4,
    );
  }
  if (damage === 'block-crc')
    return khiError(
      'corrupt',
      `bzip2 block ${n} (at byte ${at}) fails its CRC check (stored ${hex8(stored)}, computed ${hex8(computed)}); it is kept as decoded, as bzip2 -dc writes it, so some of its bytes are wrong, and output stops after it.`,
      at,
    );
  return khiError(
    'corrupt',
    `bzip2 block ${n} (at byte ${at}) is corrupt; output stops after the last good block.`,
    at,
  );
}

async function streams(bz: Libbz2, input: Uint8Array, sink: ChunkSink, opts: DecodeOptions): Promise<Stop> {
  const st: Stop = { p: 0, streams: 0, blocks: 0, consumed: null };
  for (;;) {
    const p = st.p;
    if (!streamHeader(input, p)) {
      if (st.streams === 0)
        st.error = khiError(
          input.length - p < 14 ? 'truncated' : 'corrupt',
          'No valid bzip2 stream header (BZh1–9 followed by a block or end-of-stream magic).',
          p,
        );
      return st;
    }
    const start = sink.written;
    const progress = opts.onProgress;
    const r = await unlessAborted(
      bz.run(input.subarray(p), sink, {
        signal: opts.signal,
        reportEvery: SLICE,
        onProgress: progress ? (i, o) => progress(p + i, start + o) : undefined,
      }),
    );
    if (!r) return { ...st, consumed: null, error: cancelled(p) };
    if (r.status !== 'end') {
      // Keep the blocks whose CRC matched (a truncated or damaged block emits nothing), and a block
      // that decoded whole but fails its CRC as decoded, as bzip2 -dc writes it (the error says so).
      if (r.status !== 'full' && bz.damage() !== 'block-crc')
        sink.truncate(Math.min(sink.written, start + bz.verifiedOut()));
      st.error = streamError(bz, r, p, st.blocks + Math.max(0, bz.blocks() - 1), input, sink.cap);
      st.blocks += Math.max(0, bz.blocks() - 1);
      return { ...st, consumed: null };
    }
    st.blocks += bz.blocks();
    st.streams++;
    st.p = st.consumed = p + r.consumed;
    if (opts.signal?.aborted) return { ...st, consumed: null, error: cancelled(st.p) };
  }
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const cap = Math.max(0, opts.maxOutput);
  const level = streamHeader(input, 0);
  if (level) fields.level = `${level} (${level}00k blocks)`;
  const sink = new ChunkSink(outputGuess(input, cap), cap);
  const bz = await Libbz2.acquire();
  let st: Stop;
  try {
    st = await streams(bz, input, sink, opts);
  } finally {
    bz.release();
  }
  const op = sink.written;
  opts.onProgress?.(st.consumed ?? st.p, op);
  fields.blocks = st.blocks;
  fields.check =
    st.error?.code === 'corrupt' && st.error.message.includes('CRC')
      ? 'CRC-32 (mismatch)'
      : 'CRC-32 per block (verified)';
  if (st.streams > 1) {
    fields.streams = st.streams;
    notes.push(`${st.streams} concatenated bzip2 streams; their outputs are joined.`);
  }
  if (st.consumed !== null && !st.error) trailingNotes(input, st.consumed, op, notes, fields);
  const res: DecodeResult = {
    output: sink.result(),
    consumed: st.error ? null : st.consumed,
    fields,
    notes,
  };
  if (st.error) res.error = st.error;
  return res;
}

/** First buffer size: the kbuild size trailer in the last 4 bytes when plausible, else 4× the input. */
function outputGuess(input: Uint8Array, cap: number): number {
  const n = input.length;
  if (n >= 18) {
    const t = input[n - 4]! | (input[n - 3]! << 8) | (input[n - 2]! << 16) | (input[n - 1]! * 16777216);
    if (t >= n && t <= n * 64) return Math.min(cap, t);
  }
  return Math.min(cap, Math.max(1 << 16, Math.min(n, 16 << 20) * 4));
}

export const bzip2: Codec<'bzip2'> = {
  id: 'bzip2',
  name: 'bzip2',
  magic: MAGIC,
  probe(input) {
    const level = streamHeader(input, 0);
    if (!level) return null;
    return { level: `${level} (${level}00k blocks)` };
  },
  decode,
};
