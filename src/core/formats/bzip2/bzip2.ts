/**
 * bzip2: "BZh" + level '1'–'9', then blocks (48-bit magic 0x314159265359, CRC, BWT origin, symbol
 * map, Huffman-coded MTF/RLE2 symbols) and an end-of-stream marker (0x177245385090 + combined CRC),
 * bit-aligned; the stream is padded to a byte. kbuild uses one stream followed by the 4-byte size.
 *
 * Our own decoder instead of seek-bzip: that one needs Node's Buffer (a global the browser worker
 * does not have), reads one bit per call, and throws away everything on an error. This one keeps
 * every verified block before damage, gives the exact end, reports progress per block, and is faster.
 */
import { khiError, type KhiError } from '../../errors';
import { bzCrc } from '../kit/crc32';
import { OutBuf, Pacer, guardedCodec, tooLarge, trailingNotes } from '../kit/codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from '../contract';

const MAGIC = Uint8Array.of(0x42, 0x5a, 0x68);
const BLOCK_HI = 0x314159;
const BLOCK_LO = 0x265359;
const EOS_HI = 0x177245;
const EOS_LO = 0x385090;
const MAX_GROUPS = 6;
const MAX_SELECTORS = 18002;
const MAX_ALPHA = 258;
const MAX_CODE_LEN = 20;
/** First-level Huffman lookup width; longer codes take the canonical (limit/base) path. */
const FAST_BITS = 10;

class Truncated extends Error {}
class Corrupt extends Error {}

/** MSB-first bit reader over the input; reads past the end yield zeros and are noticed by `check`. */
class Bits {
  buf = 0;
  count = 0;
  constructor(
    readonly d: Uint8Array,
    public ip: number,
  ) {}
  /** Next n bits (n ≤ 24). */
  read(n: number): number {
    while (this.count < n) {
      this.buf = (this.buf << 8) | (this.ip < this.d.length ? this.d[this.ip]! : 0);
      this.ip++;
      this.count += 8;
    }
    this.count -= n;
    return (this.buf >>> this.count) & ((1 << n) - 1);
  }
  /** Bit position as a byte offset (rounded down) in the input. */
  get pos(): number {
    return this.ip - (this.count >> 3);
  }
  /** Throw Truncated when the reads have gone past the end of the input. */
  check(): void {
    if (this.ip - (this.count >> 3) > this.d.length) throw new Truncated();
  }
  /** Drop bits up to the next byte boundary. */
  align(): void {
    this.count -= this.count & 7;
  }
}

/** Huffman decoding tables of one coding group. */
interface Group {
  fast: Int32Array; // (sym << 5) | len for codes of ≤ FAST_BITS bits, else 0
  limit: Int32Array; // last code of each length, -1 when none
  base: Int32Array; // perm index minus first code of each length
  perm: Uint16Array;
  minLen: number;
  maxLen: number;
}

function buildGroup(lens: Uint8Array, alpha: number): Group {
  let minLen = 32;
  let maxLen = 0;
  for (let i = 0; i < alpha; i++) {
    if (lens[i]! > maxLen) maxLen = lens[i]!;
    if (lens[i]! < minLen) minLen = lens[i]!;
  }
  const perm = new Uint16Array(alpha);
  const limit = new Int32Array(MAX_CODE_LEN + 2).fill(-1);
  const base = new Int32Array(MAX_CODE_LEN + 2);
  const fast = new Int32Array(1 << FAST_BITS);
  let pp = 0;
  let code = 0;
  for (let l = minLen; l <= maxLen; l++) {
    const first = code;
    const pstart = pp;
    for (let s = 0; s < alpha; s++) {
      if (lens[s] !== l) continue;
      perm[pp++] = s;
      if (l <= FAST_BITS) {
        const lo = code << (FAST_BITS - l);
        const hi = (code + 1) << (FAST_BITS - l);
        if (hi <= fast.length) fast.fill((s << 5) | l, lo, hi);
      }
      code++;
    }
    limit[l] = code - 1;
    base[l] = pstart - first;
    code <<= 1;
  }
  return { fast, limit, base, perm, minLen, maxLen };
}

/** Scratch shared by the blocks of one decode call. */
class BlockScratch {
  tt: Uint32Array;
  constructor(blockSize: number) {
    this.tt = new Uint32Array(blockSize);
  }
}

/**
 * Decode the block whose 48-bit magic has just been read: fills tt with the BWT'd bytes.
 * Returns the block CRC, origPtr and symbol count.
 */
function readBlock(
  bits: Bits,
  blockSize: number,
  sc: BlockScratch,
): { crc: number; origPtr: number; n: number } {
  const crc = ((bits.read(16) << 16) | bits.read(16)) >>> 0;
  if (bits.read(1)) throw new Corrupt('randomised');
  const origPtr = bits.read(24);
  // Symbol map.
  const seqToUnseq = new Uint8Array(256);
  let inUse = 0;
  const used16 = bits.read(16);
  for (let i = 0; i < 16; i++) {
    if (used16 & (0x8000 >> i)) {
      const m = bits.read(16);
      for (let j = 0; j < 16; j++) if (m & (0x8000 >> j)) seqToUnseq[inUse++] = i * 16 + j;
    }
  }
  if (inUse === 0) throw new Corrupt('a block uses no byte values');
  const alpha = inUse + 2;
  const nGroups = bits.read(3);
  if (nGroups < 2 || nGroups > MAX_GROUPS) throw new Corrupt(`invalid Huffman group count ${nGroups}`);
  let nSelectors = bits.read(15);
  if (nSelectors < 1) throw new Corrupt('no selectors');
  const selectors = new Uint8Array(Math.min(nSelectors, MAX_SELECTORS));
  const mtfG = Uint8Array.of(0, 1, 2, 3, 4, 5);
  for (let i = 0; i < nSelectors; i++) {
    let j = 0;
    while (bits.read(1)) {
      j++;
      if (j >= nGroups) throw new Corrupt('invalid selector');
    }
    const v = mtfG[j]!;
    for (let k = j; k > 0; k--) mtfG[k] = mtfG[k - 1]!;
    mtfG[0] = v;
    if (i < MAX_SELECTORS) selectors[i] = v;
    if ((i & 1023) === 0) bits.check();
  }
  if (nSelectors > MAX_SELECTORS) nSelectors = MAX_SELECTORS;
  // Code lengths, delta coded per group.
  const groups: Group[] = [];
  const lens = new Uint8Array(MAX_ALPHA);
  for (let g = 0; g < nGroups; g++) {
    let cur = bits.read(5);
    for (let s = 0; s < alpha; s++) {
      for (;;) {
        if (cur < 1 || cur > MAX_CODE_LEN) throw new Corrupt('invalid Huffman code length');
        if (!bits.read(1)) break;
        cur += bits.read(1) ? -1 : 1;
      }
      lens[s] = cur;
    }
    groups.push(buildGroup(lens, alpha));
    bits.check();
  }
  // Huffman → MTF/RLE2 → tt (one byte per entry, low 8 bits).
  const tt = sc.tt;
  const counts = new Int32Array(256);
  const mtf = new Uint8Array(256);
  for (let i = 0; i < 256; i++) mtf[i] = i;
  const eob = inUse + 1;
  let n = 0;
  let run = 0;
  let runWeight = 1;
  let sel = 0;
  let left = 0;
  let g = groups[0]!;
  let fast = g.fast;
  const d = bits.d;
  let buf = bits.buf;
  let count = bits.count;
  let ip = bits.ip;
  const dlen = d.length;
  for (;;) {
    if (left === 0) {
      if (sel >= nSelectors) throw ip > dlen ? new Truncated() : new Corrupt('ran out of selectors');
      g = groups[selectors[sel++]!]!;
      fast = g.fast;
      left = 50;
      if (ip > dlen + 8) throw new Truncated();
    }
    left--;
    while (count <= 24) {
      buf = (buf << 8) | (ip < dlen ? d[ip]! : 0);
      ip++;
      count += 8;
    }
    let sym: number;
    const e = fast[(buf >>> (count - FAST_BITS)) & ((1 << FAST_BITS) - 1)]!;
    if (e !== 0) {
      count -= e & 31;
      sym = e >> 5;
    } else {
      let l = Math.max(g.minLen, FAST_BITS + 1);
      let v = (buf >>> (count - l)) & ((1 << l) - 1);
      while (l <= g.maxLen && v > g.limit[l]!) {
        l++;
        v = (buf >>> (count - l)) & ((1 << l) - 1);
      }
      if (l > g.maxLen) throw ip > dlen ? new Truncated() : new Corrupt('invalid Huffman code');
      count -= l;
      const k = g.base[l]! + v;
      if (k < 0 || k >= alpha) throw new Corrupt('invalid Huffman code');
      sym = g.perm[k]!;
    }
    if (sym <= 1) {
      // RUNA / RUNB: bijective base-2 run length of the front symbol.
      run += runWeight << sym;
      runWeight <<= 1;
      if (run > blockSize) throw ip > dlen ? new Truncated() : new Corrupt('a run is longer than the block');
      continue;
    }
    if (run > 0) {
      const b = seqToUnseq[mtf[0]!]!;
      if (n + run > blockSize)
        throw ip > dlen ? new Truncated() : new Corrupt('the block is larger than its declared size');
      tt.fill(b, n, n + run);
      counts[b] = counts[b]! + run;
      n += run;
      run = 0;
      runWeight = 1;
    }
    if (sym === eob) break;
    if (n >= blockSize)
      throw ip > dlen ? new Truncated() : new Corrupt('the block is larger than its declared size');
    const j = sym - 1;
    const v = mtf[j]!;
    if (j < 16) for (let k = j; k > 0; k--) mtf[k] = mtf[k - 1]!;
    else mtf.copyWithin(1, 0, j);
    mtf[0] = v;
    const b = seqToUnseq[v]!;
    tt[n++] = b;
    counts[b] = counts[b]! + 1;
  }
  bits.buf = buf;
  bits.count = count;
  bits.ip = ip;
  bits.check();
  if (origPtr >= n) throw new Corrupt('the BWT origin is outside the block');
  // Inverse BWT links: tt[i] |= (index of the next byte) << 8.
  const cf = new Int32Array(256);
  for (let i = 0, s = 0; i < 256; i++) {
    cf[i] = s;
    s += counts[i]!;
  }
  for (let i = 0; i < n; i++) {
    const b = tt[i]! & 0xff;
    const at = cf[b]!;
    tt[at] = tt[at]! | (i << 8);
    cf[b] = at + 1;
  }
  return { crc, origPtr, n };
}

/** Walk the BWT links, undo RLE1 and write the block; returns the new op and the block CRC, or null when the cap is hit. */
function emitBlock(
  tt: Uint32Array,
  origPtr: number,
  n: number,
  out: OutBuf,
  op: number,
): { op: number; crc: number } | null {
  const start = op;
  let pos = tt[origPtr]! >>> 8;
  let prev = -1;
  let run = 0;
  let o = out.buf;
  let lim = o.length - 256;
  for (let k = 0; k < n; k++) {
    const e = tt[pos]!;
    const b = e & 0xff;
    pos = e >>> 8;
    if (op > lim) {
      if (!out.ensure(op + 256 + (n - k), op)) {
        if (op + 256 > out.buf.length) return null;
      }
      o = out.buf;
      lim = o.length - 256;
    }
    if (run === 4) {
      o.fill(prev, op, op + b);
      op += b;
      run = 0;
      prev = -1;
      continue;
    }
    o[op++] = b;
    if (b === prev) run++;
    else {
      run = 1;
      prev = b;
    }
  }
  return { op, crc: bzCrc(o, start, op) };
}

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

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const cap = Math.max(0, opts.maxOutput);
  const pacer = new Pacer(opts);
  const out = new OutBuf(outputGuess(input, cap), cap, 256);
  let op = 0;
  let p = 0;
  let streams = 0;
  let blocks = 0;
  let error: KhiError | undefined;
  let consumed: number | null = null;
  let sc: BlockScratch | null = null;
  streamLoop: for (;;) {
    const level = streamHeader(input, p);
    if (!level) {
      if (streams === 0)
        error = khiError(
          input.length - p < 14 ? 'truncated' : 'corrupt',
          'No valid bzip2 stream header (BZh1–9 followed by a block or end-of-stream magic).',
          p,
        );
      break;
    }
    if (streams === 0) fields.level = `${level} (${level}00k blocks)`;
    const blockSize = level * 100_000;
    if (!sc || sc.tt.length < blockSize) sc = new BlockScratch(blockSize);
    const bits = new Bits(input, p + 4);
    let combined = 0;
    for (;;) {
      const blockAt = bits.pos;
      try {
        const hi = bits.read(24);
        const lo = bits.read(24);
        if (hi === EOS_HI && lo === EOS_LO) {
          const want = ((bits.read(16) << 16) | bits.read(16)) >>> 0;
          bits.check();
          bits.align();
          p = bits.pos;
          if (want !== combined >>> 0) {
            error = khiError(
              'corrupt',
              `The bzip2 stream CRC does not match (stored ${hex8(want)}, computed ${hex8(combined >>> 0)}).`,
              p - 4,
            );
            break streamLoop;
          }
          break;
        }
        if (hi !== BLOCK_HI || lo !== BLOCK_LO) {
          bits.check();
          throw new Corrupt('a block does not start with the block magic');
        }
        const blk = readBlock(bits, blockSize, sc);
        const em = emitBlock(sc.tt, blk.origPtr, blk.n, out, op);
        if (!em) {
          op = Math.min(op, cap);
          error = tooLarge('bzip2', cap, blockAt);
          break streamLoop;
        }
        if (em.crc !== blk.crc) {
          error = khiError(
            'corrupt',
            `bzip2 block ${blocks + 1} (at byte ${blockAt}) fails its CRC check (stored ${hex8(blk.crc)}, computed ${hex8(em.crc)}); output stops after the last good block.`,
            blockAt,
          );
          break streamLoop;
        }
        if (em.op > cap) {
          op = cap;
          error = tooLarge('bzip2', cap, blockAt);
          break streamLoop;
        }
        op = em.op;
        blocks++;
        combined = ((combined << 1) | (combined >>> 31)) ^ blk.crc;
      } catch (e) {
        if (e instanceof Truncated)
          error = khiError(
            'truncated',
            `The bzip2 data ends inside block ${blocks + 1} (started at byte ${blockAt}); output stops after the last complete block.`,
            blockAt,
          );
        else if (e instanceof Corrupt) {
          error =
            e.message === 'randomised'
              ? khiError(
                  'unsupported',
                  'This bzip2 block uses the obsolete "randomised" mode (bzip2 before 0.9.5).',
                  blockAt,
                )
              : khiError(
                  'corrupt',
                  `bzip2 block ${blocks + 1} (at byte ${blockAt}) is corrupt: ${e.message}.`,
                  blockAt,
                );
        } else throw e;
        break streamLoop;
      }
      const c = await pacer.tick(bits.pos, op);
      if (c) {
        error = c;
        break streamLoop;
      }
    }
    streams++;
    consumed = p;
    if (!streamHeader(input, p)) break;
  }
  opts.onProgress?.(consumed ?? p, op);
  fields.blocks = blocks;
  fields.check =
    error?.code === 'corrupt' && error.message.includes('CRC')
      ? 'CRC-32 (mismatch)'
      : 'CRC-32 per block (verified)';
  if (streams > 1) {
    fields.streams = streams;
    notes.push(`${streams} concatenated bzip2 streams; their outputs are joined.`);
  }
  if (error) consumed = null;
  else if (consumed !== null) trailingNotes(input, consumed, op, notes, fields);
  const res: DecodeResult = { output: out.result(op), consumed, fields, notes };
  if (error) res.error = error;
  return res;
}

/** First buffer size: the kbuild size trailer in the last 4 bytes when plausible, else 4× the input. */
function outputGuess(input: Uint8Array, cap: number): number {
  const n = input.length;
  if (n >= 18) {
    const t = input[n - 4]! | (input[n - 3]! << 8) | (input[n - 2]! << 16) | (input[n - 1]! * 16777216);
    if (t >= n && t <= n * 64) return Math.min(cap, t) + 256;
  }
  return Math.min(cap, Math.max(1 << 16, Math.min(n, 16 << 20) * 4));
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

export const bzip2: Codec = guardedCodec({
  id: 'bzip2',
  name: 'bzip2',
  magic: MAGIC,
  probe(input) {
    const level = streamHeader(input, 0);
    if (!level) return null;
    return { level: `${level} (${level}00k blocks)` };
  },
  decode,
});
