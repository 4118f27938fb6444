/**
 * LZ4 legacy frame (magic 0x184C2102, `lz4 -l`), the format of the kernel's lz4 payloads
 * (lib/decompress_unlz4.c). After the magic: blocks of u32 LE compressed size + a raw
 * LZ4 block, each decoding to exactly 8 MiB except the last. A size equal to the magic starts a new
 * concatenated frame. There is no end marker and no checksum, so the end is inferred (the rules of
 * unblob / vmlinux-to-elf): stop after a block shorter than 8 MiB, when a size field is larger than
 * LZ4_compressBound(8 MiB), when fewer than 4 bytes remain, or at the kbuild size trailer. The frame
 * is walked here; each block is decoded by liblz4 (src/core/wasm/liblz4.ts).
 */
import { khiError, type KhiError } from '../../errors';
import { u32le } from '../../bytes';
import { Liblz4 } from '../../wasm/liblz4';
import { TRAP_TEXT } from '../../wasm/steps';
import { OutBuf, Pacer, tooLarge, trailingNotes } from '../kit/codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from '../contract';

const MAGIC = Uint8Array.of(0x02, 0x21, 0x4c, 0x18);
const MAGIC_U32 = 0x184c2102;
const BLOCK_OUT = 8 << 20;
/** LZ4_COMPRESSBOUND(8 MiB) = isize + isize/255 + 16. */
export const MAX_BLOCK_IN = BLOCK_OUT + Math.floor(BLOCK_OUT / 255) + 16;

/**
 * Walk the size fields (no decoding) to size the output buffer once: every block but the last
 * decodes to exactly 8 MiB, so the output is in ((blocks - 1) × 8 MiB, blocks × 8 MiB]. A kbuild
 * size trailer in that range is the exact size; otherwise the last block is counted as its
 * compressed size × 6 (at most 8 MiB).
 */
function estimate(input: Uint8Array, cap: number): number {
  let p = 4;
  let blocks = 0;
  let last = 0;
  while (p + 4 <= input.length && blocks * BLOCK_OUT < cap) {
    const n = u32le(input, p);
    if (n === MAGIC_U32) {
      p += 4;
      continue;
    }
    if (n === 0 || n > MAX_BLOCK_IN || p + 4 + n > input.length) break;
    p += 4 + n;
    blocks++;
    last = n;
  }
  const full = Math.max(0, blocks - 1) * BLOCK_OUT;
  const trailer = p + 4 <= input.length ? u32le(input, p) : -1;
  if (blocks > 0 && trailer > full && trailer <= full + BLOCK_OUT) return Math.min(cap, trailer);
  const est = full + Math.min(BLOCK_OUT, Math.max(1 << 16, last * 6)); // text compresses to ≥ 1/6 typically
  return Math.min(cap, Math.max(est, 1 << 16));
}

/** Where the block loop stopped. */
interface Stop {
  p: number;
  op: number;
  blocks: number;
  frames: number;
  consumed: number | null;
  error?: KhiError;
}

/** Append decoded bytes, up to the cap; false when the cap cut them. */
function put(out: OutBuf, st: Stop, bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, out.cap - st.op);
  out.ensure(st.op + n, st.op);
  out.buf.set(bytes.subarray(0, n), st.op);
  st.op += n;
  return n === bytes.length;
}

async function blocks(lz: Liblz4, input: Uint8Array, out: OutBuf, opts: DecodeOptions): Promise<Stop> {
  const pacer = new Pacer(opts);
  const st: Stop = { p: 4, op: 0, blocks: 0, frames: 1, consumed: null };
  for (;;) {
    const p = st.p;
    if (p + 4 > input.length) return { ...st, consumed: p };
    const n = u32le(input, p);
    if (n === MAGIC_U32) {
      st.frames++;
      st.p += 4;
      continue;
    }
    // The kbuild size trailer after a stream whose output is a multiple of 8 MiB.
    if ((st.blocks > 0 || n === 0) && n === st.op % 0x1_0000_0000) return { ...st, consumed: p };
    if (n > MAX_BLOCK_IN || (n === 0 && st.blocks > 0)) {
      if (st.blocks === 0)
        st.error = khiError('corrupt', `The first LZ4 block size (${n}) is impossible.`, p);
      return { ...st, consumed: p };
    }
    if (p + 4 + n > input.length) {
      const msg = `LZ4 block ${st.blocks + 1} needs ${n} bytes but only ${input.length - p - 4} remain.`;
      // Decode what is there: LZ4 output before the cut is still good.
      const part = lz.block(input.subarray(p + 4), false);
      if (part instanceof Uint8Array) put(out, st, part);
      return { ...st, error: khiError('truncated', msg, p) };
    }
    const r = lz.block(input.subarray(p + 4, p + 4 + n), true);
    if (!(r instanceof Uint8Array) && r.trap) {
      const msg = `LZ4 block ${st.blocks + 1} (at offset ${p}) is corrupt: ${TRAP_TEXT}.`;
      return { ...st, error: khiError('corrupt', msg, p) };
    }
    if (!(r instanceof Uint8Array)) {
      const msg = `LZ4 block ${st.blocks + 1} (at offset ${p}) is corrupt (a match offset or length is invalid, or it decodes to more than 8 MiB).`;
      return { ...st, error: khiError('corrupt', msg, p + 4 + r.damagedAt) };
    }
    if (!put(out, st, r)) return { ...st, error: tooLarge('LZ4', out.cap, p) };
    st.blocks++;
    st.p = p + 4 + n;
    // A short block ends the frame; only another legacy frame may follow.
    if (r.length < BLOCK_OUT && !(st.p + 4 <= input.length && u32le(input, st.p) === MAGIC_U32))
      return { ...st, consumed: st.p };
    const c = await pacer.tick(st.p, st.op);
    if (c) return { ...st, error: c };
  }
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const cap = Math.max(0, opts.maxOutput);
  if (input.length < 4 || u32le(input, 0) !== MAGIC_U32) {
    const error = khiError('corrupt', 'No LZ4 legacy magic (02 21 4C 18).', 0);
    return { output: new Uint8Array(0), consumed: null, error, fields, notes };
  }
  const out = new OutBuf(estimate(input, cap), cap);
  const lz = await Liblz4.acquire();
  let st: Stop;
  try {
    st = await blocks(lz, input, out, opts);
  } finally {
    lz.release();
  }
  opts.onProgress?.(st.p, st.op);
  fields.blocks = st.blocks;
  fields['block size'] = '8 MiB';
  fields.check = 'none (the format has no checksum)';
  if (st.frames > 1) {
    fields.frames = st.frames;
    notes.push(`${st.frames} concatenated legacy frames.`);
  }
  if (st.consumed !== null && !st.error) trailingNotes(input, st.consumed, st.op, notes, fields);
  const res: DecodeResult = {
    output: out.result(st.op),
    consumed: st.error ? null : st.consumed,
    fields,
    notes,
  };
  if (st.error) res.error = st.error;
  return res;
}

export const lz4Legacy: Codec<'lz4-legacy'> = {
  id: 'lz4-legacy',
  name: 'LZ4 (legacy)',
  magic: MAGIC,
  probe(input) {
    if (input.length < 9 || u32le(input, 0) !== MAGIC_U32) return null;
    const n = u32le(input, 4);
    if (n === 0 || n > MAX_BLOCK_IN) return null;
    // A block starts with literals: nothing came before it for a match to copy.
    if (input[8]! >>> 4 === 0) return null;
    return { 'first block': n, 'block size': '8 MiB' };
  },
  decode,
};
