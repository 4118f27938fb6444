/**
 * LZ4 legacy frame (magic 0x184C2102, `lz4 -l`), the format of the kernel's lz4 payloads
 * (lib/decompress_unlz4.c; FORMATS.md 4a). After the magic: blocks of u32 LE compressed size + a raw
 * LZ4 block, each decoding to exactly 8 MiB except the last. A size equal to the magic starts a new
 * concatenated frame. There is no end marker and no checksum, so the end is inferred (the rules of
 * unblob / vmlinux-to-elf): stop after a block shorter than 8 MiB, when a size field is larger than
 * LZ4_compressBound(8 MiB), when fewer than 4 bytes remain, or at the kbuild size trailer.
 */
import { khiError, type KhiError } from '../errors';
import { u32le } from '../bytes';
import { OutBuf, Pacer, guardedCodec, tooLarge, trailingNotes } from './codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from './contract';

const MAGIC = Uint8Array.of(0x02, 0x21, 0x4c, 0x18);
const MAGIC_U32 = 0x184c2102;
export const BLOCK_OUT = 8 << 20;
/** LZ4_COMPRESSBOUND(8 MiB) = isize + isize/255 + 16. */
export const MAX_BLOCK_IN = BLOCK_OUT + Math.floor(BLOCK_OUT / 255) + 16;

/**
 * Decode one raw LZ4 block src[ip, iend) into dst at op, writing at most up to `oend`.
 * Returns the new output position, or a negative number: -1 corrupt (bad offset, or the block ends
 * inside a sequence), -2 output would pass `oend`. On failure `st[0]` receives the input position
 * of the problem and `st[1]` the output position reached (everything before it is good).
 */
export function lz4Block(
  src: Uint8Array,
  ip: number,
  iend: number,
  dst: Uint8Array,
  op: number,
  oend: number,
  st: Float64Array,
): number {
  const ostart = op;
  while (ip < iend) {
    const token = src[ip++]!;
    let ll = token >>> 4;
    if (ll === 15) {
      let b: number;
      do {
        if (ip >= iend) return fail(st, ip, op, -1);
        b = src[ip++]!;
        ll += b;
      } while (b === 255);
    }
    if (ll > 0) {
      if (ip + ll > iend) return fail(st, ip, op, -1);
      if (op + ll > oend) return fail(st, ip, op, -2);
      if (ll > 16) {
        dst.set(src.subarray(ip, ip + ll), op);
        op += ll;
        ip += ll;
      } else {
        const e = ip + ll;
        while (ip < e) dst[op++] = src[ip++]!;
      }
    }
    if (ip >= iend) break; // the last sequence has literals only
    if (ip + 2 > iend) return fail(st, ip, op, -1);
    const off = src[ip]! | (src[ip + 1]! << 8);
    if (off === 0 || off > op - ostart) return fail(st, ip, op, -1);
    ip += 2;
    let ml = token & 15;
    if (ml === 15) {
      let b: number;
      do {
        if (ip >= iend) return fail(st, ip, op, -1);
        b = src[ip++]!;
        ml += b;
      } while (b === 255);
    }
    ml += 4;
    if (op + ml > oend) return fail(st, ip, op, -2);
    let s = op - off;
    if (off >= ml && ml > 16) {
      dst.copyWithin(op, s, s + ml);
      op += ml;
    } else {
      const e = op + ml;
      while (op < e) dst[op++] = dst[s++]!;
    }
  }
  return op;
}

function fail(st: Float64Array, at: number, op: number, code: number): number {
  st[0] = at;
  st[1] = op;
  return code;
}

/**
 * Walk the size fields (no decoding) to estimate the output size: blocks × 8 MiB, the last block
 * counted as its compressed size × 4 (at most 8 MiB).
 */
function estimate(input: Uint8Array, cap: number): number {
  let p = 4;
  let est = 0;
  while (p + 4 <= input.length && est < cap) {
    const n = u32le(input, p);
    if (n === MAGIC_U32) {
      p += 4;
      continue;
    }
    if (n === 0 || n > MAX_BLOCK_IN || p + 4 + n > input.length) break;
    p += 4 + n;
    est += roomFor(n);
  }
  return Math.min(cap, Math.max(est, 1 << 16));
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const cap = Math.max(0, opts.maxOutput);
  const pacer = new Pacer(opts);
  if (input.length < 4 || u32le(input, 0) !== MAGIC_U32) {
    return {
      output: new Uint8Array(0),
      consumed: null,
      error: khiError('corrupt', 'No LZ4 legacy magic (02 21 4C 18).', 0),
      fields,
      notes,
    };
  }
  const out = new OutBuf(estimate(input, cap), cap);
  const st = new Float64Array(2);
  let op = 0;
  let p = 4;
  let blocks = 0;
  let frames = 1;
  let error: KhiError | undefined;
  let consumed: number | null = null;
  for (;;) {
    if (p + 4 > input.length) {
      consumed = p;
      break;
    }
    const n = u32le(input, p);
    if (n === MAGIC_U32) {
      frames++;
      p += 4;
      continue;
    }
    if ((blocks > 0 || n === 0) && n === op % 0x1_0000_0000) {
      consumed = p; // the kbuild size trailer after a stream whose output is a multiple of 8 MiB
      break;
    }
    if (n > MAX_BLOCK_IN || (n === 0 && blocks > 0)) {
      if (blocks === 0) error = khiError('corrupt', `The first LZ4 block size (${n}) is impossible.`, p);
      consumed = p;
      break;
    }
    if (p + 4 + n > input.length) {
      error = khiError(
        'truncated',
        `LZ4 block ${blocks + 1} needs ${n} bytes but only ${input.length - p - 4} remain.`,
        p,
      );
      // Decode what is there: LZ4 output before the cut is still good.
      const part = decodeBlock(input, p + 4, input.length, out, op, cap, st);
      op = part >= 0 ? part : st[1]!;
      break;
    }
    const r = decodeBlock(input, p + 4, p + 4 + n, out, op, cap, st);
    if (r === -2) {
      op = st[1]!;
      error = tooLarge('LZ4', cap, st[0]!);
      break;
    }
    if (r < 0) {
      op = st[1]!;
      error = khiError(
        'corrupt',
        `LZ4 block ${blocks + 1} (at offset ${p}) is corrupt: ${r === -3 ? 'it decodes to more than 8 MiB' : 'a match offset or length is invalid'}.`,
        st[0]!,
      );
      break;
    }
    const got = r - op;
    op = r;
    blocks++;
    p += 4 + n;
    if (got < BLOCK_OUT) {
      // A short block ends the frame; only another legacy frame may follow.
      if (p + 4 <= input.length && u32le(input, p) === MAGIC_U32) continue;
      consumed = p;
      break;
    }
    const c = await pacer.tick(p, op);
    if (c) {
      error = c;
      break;
    }
  }
  opts.onProgress?.(p, op);
  fields.blocks = blocks;
  fields['block size'] = '8 MiB';
  fields.check = 'none (the format has no checksum)';
  if (frames > 1) {
    fields.frames = frames;
    notes.push(`${frames} concatenated legacy frames.`);
  }
  if (consumed !== null) trailingNotes(input, consumed, op, notes, fields);
  const res: DecodeResult = { output: out.result(op), consumed: error ? null : consumed, fields, notes };
  if (error) res.error = error;
  return res;
}

/**
 * Decode one block into the growable output, growing to 8 MiB of room first. For a truncated block
 * returns the output position reached before the data ran out (or the error code).
 */
function decodeBlock(
  input: Uint8Array,
  ip: number,
  iend: number,
  out: OutBuf,
  op: number,
  cap: number,
  st: Float64Array,
): number {
  let room = roomFor(iend - ip);
  for (;;) {
    out.ensure(Math.min(op + room, cap), op);
    const oend = Math.min(out.buf.length, cap, op + room);
    const r = lz4Block(input, ip, iend, out.buf, op, oend, st);
    if (r !== -2) return r;
    if (oend === op + BLOCK_OUT) return -3; // more than 8 MiB: corrupt, not the cap
    if (oend < op + room) return -2; // the cap
    room = Math.min(BLOCK_OUT, room * 4); // our guess was short: decode the block again with more room
  }
}

/** Output room to try first for a block of `n` compressed bytes (full blocks compress to ≥ 1/6 typically). */
function roomFor(n: number): number {
  return Math.min(BLOCK_OUT, Math.max(1 << 16, n * 6));
}

export const lz4Legacy: Codec = guardedCodec({
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
});
