/**
 * Raw DEFLATE (RFC 1951) decoder that knows exactly where the stream ends, keeps everything decoded
 * before damage, and can pause every so often (for progress and cancellation) and resume.
 *
 * The whole output stays in memory, so the output buffer is also the window: no window copies.
 * Huffman codes use one flat lookup table per alphabet (entry = symbol << 4 | code length).
 * Bits are read 32 at a time at any bit position; near the end of the input a slower read pads with
 * zeros, so the hot loop never reads out of bounds.
 */
import type { OutBuf } from './codec-kit';

export type InflateStatus = 'done' | 'paused' | 'truncated' | 'corrupt' | 'too-large';

const LBASE = Uint16Array.of(
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  13,
  15,
  17,
  19,
  23,
  27,
  31,
  35,
  43,
  51,
  59,
  67,
  83,
  99,
  115,
  131,
  163,
  195,
  227,
  258,
);
const LEXT = Uint8Array.of(
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  1,
  2,
  2,
  2,
  2,
  3,
  3,
  3,
  3,
  4,
  4,
  4,
  4,
  5,
  5,
  5,
  5,
  0,
);
const DBASE = Uint16Array.of(
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577,
);
const DEXT = Uint8Array.of(
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
);
const CLORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);
/** A table slot no code reaches: symbol 511 (invalid in every alphabet), length 0. */
const INVALID = 511 << 4;
/** Longest match; the hot loop keeps this much room in the output buffer. */
const MAX_MATCH = 258;
/** Rebase the input view once the bit position passes this, so bit arithmetic stays in 31 bits. */
const REBASE_BITS = 1 << 30;

/**
 * Build a flat decoding table for `n` code lengths at lens[off…]. Returns the table's bit width,
 * 0 for an empty code, or -1 for an over-subscribed (invalid) set of lengths. Incomplete codes are
 * allowed; their unused slots hold INVALID.
 */
export function buildTable(lens: Uint8Array, off: number, n: number, table: Uint16Array): number {
  const count = new Uint16Array(16);
  for (let i = 0; i < n; i++) count[lens[off + i]!]!++;
  count[0] = 0;
  let max = 15;
  while (max > 0 && count[max] === 0) max--;
  if (max === 0) return 0;
  let left = 1;
  for (let l = 1; l <= 15; l++) {
    left = (left << 1) - count[l]!;
    if (left < 0) return -1;
  }
  const next = new Uint16Array(16);
  for (let l = 1, code = 0; l <= max; l++) {
    code = (code + count[l - 1]!) << 1;
    next[l] = code;
  }
  const size = 1 << max;
  table.fill(INVALID, 0, size);
  for (let sym = 0; sym < n; sym++) {
    const l = lens[off + sym]!;
    if (l === 0) continue;
    let c = next[l]!++;
    let r = 0;
    for (let k = 0; k < l; k++) {
      r = (r << 1) | (c & 1);
      c >>= 1;
    }
    const e = (sym << 4) | l;
    for (let j = r; j < size; j += 1 << l) table[j] = e;
  }
  return max;
}

const FIXED_L = new Uint16Array(1 << 9);
const FIXED_D = new Uint16Array(1 << 5);
{
  const l = new Uint8Array(288 + 32);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  l.fill(5, 288, 320);
  buildTable(l, 0, 288, FIXED_L);
  buildTable(l, 288, 32, FIXED_D);
}

/** 32 bits from byte o on, zero past the end, shifted right by s. */
function peekSlow(d: Uint8Array, o: number, s: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) if (o + k < d.length) v |= d[o + k]! << (8 * k);
  return v >> s;
}

export class Inflater {
  /** Input view and the absolute offset of its first byte. */
  private d: Uint8Array;
  private dBase: number;
  /** Bit position inside `d`. */
  private pos: number;
  /** 0: block header next; 1: inside a stored block; 2: inside a Huffman block; 3: done. */
  private mode = 0;
  private last = false;
  private storedLeft = 0;
  private readonly dynL = new Uint16Array(1 << 15);
  private readonly dynD = new Uint16Array(1 << 15);
  private readonly lens = new Uint8Array(286 + 30);
  private curL: Uint16Array = FIXED_L;
  private curD: Uint16Array = FIXED_D;
  private lbits = 9;
  private dbits = 5;
  /** Output position; `base` is where this stream's output starts (matches may not reach before it). */
  op: number;
  readonly base: number;
  /** Blocks decoded so far. */
  blocks = 0;
  /** Set when run() returns 'truncated' or 'corrupt': what and where (absolute input offset). */
  message = '';
  errorAt = 0;

  constructor(
    input: Uint8Array,
    start: number,
    private readonly out: OutBuf,
    op: number,
  ) {
    this.d = input.subarray(start);
    this.dBase = start;
    this.pos = 0;
    this.op = op;
    this.base = op;
  }

  /** Absolute input offset of the byte being read. */
  get inPos(): number {
    return this.dBase + (this.pos >>> 3);
  }
  /** Absolute offset of the first byte after the final block (valid after 'done'). */
  get end(): number {
    return this.dBase + ((this.pos + 7) >>> 3);
  }

  /** Decode until the stream ends, an error, or the output position reaches `stopAt`. */
  run(stopAt: number): InflateStatus {
    if (this.pos > REBASE_BITS) {
      const k = this.pos >>> 3;
      this.d = this.d.subarray(k);
      this.dBase += k;
      this.pos &= 7;
    }
    for (;;) {
      if (this.mode === 3) return 'done';
      if (this.op >= stopAt) return 'paused';
      let st: InflateStatus | null;
      if (this.mode === 0) st = this.header();
      else if (this.mode === 1) st = this.stored();
      else st = this.codes(stopAt);
      if (st) return st;
    }
  }

  private fail(st: 'truncated' | 'corrupt', message: string, bitPos = this.pos): InflateStatus {
    this.message = message;
    this.errorAt = this.dBase + Math.min(this.d.length, bitPos >>> 3);
    return st;
  }

  /** The next 25+ bits without consuming them. */
  private peek(): number {
    const o = this.pos >>> 3;
    const d = this.d;
    return o + 3 < d.length
      ? (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >> (this.pos & 7)
      : peekSlow(d, o, this.pos & 7);
  }

  private bits(n: number): number {
    const w = this.peek();
    this.pos += n;
    return w & ((1 << n) - 1);
  }

  private endOfBlock(): void {
    this.blocks++;
    this.mode = this.last ? 3 : 0;
  }

  private header(): InflateStatus | null {
    const tb = this.d.length * 8;
    const start = this.pos;
    if (start + 3 > tb) return this.fail('truncated', 'The deflate data ends before the next block header.');
    const h = this.bits(3);
    this.last = (h & 1) === 1;
    const type = h >> 1;
    if (type === 0) {
      const o = (this.pos + 7) >>> 3;
      if (o + 4 > this.d.length)
        return this.fail('truncated', 'The deflate data ends inside a stored block header.', start);
      const len = this.d[o]! | (this.d[o + 1]! << 8);
      const nlen = this.d[o + 2]! | (this.d[o + 3]! << 8);
      if ((len ^ 0xffff) !== nlen)
        return this.fail(
          'corrupt',
          'A stored deflate block has a bad length check (LEN and NLEN disagree).',
          start,
        );
      this.pos = (o + 4) * 8;
      this.storedLeft = len;
      this.mode = 1;
      return null;
    }
    if (type === 1) {
      this.curL = FIXED_L;
      this.curD = FIXED_D;
      this.lbits = 9;
      this.dbits = 5;
      this.mode = 2;
      return null;
    }
    if (type === 3) return this.fail('corrupt', 'Invalid deflate block type 3.', start);
    return this.dynamic(start, tb);
  }

  private dynamic(start: number, tb: number): InflateStatus | null {
    if (this.pos + 14 > tb)
      return this.fail('truncated', 'The deflate data ends inside a block header.', start);
    const nlit = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const nclen = this.bits(4) + 4;
    if (nlit > 286 || ndist > 30)
      return this.fail(
        'corrupt',
        'A deflate block header declares too many length or distance codes.',
        start,
      );
    const lens = this.lens;
    lens.fill(0, 0, 19);
    if (this.pos + nclen * 3 > tb)
      return this.fail('truncated', 'The deflate data ends inside a block header.', start);
    for (let i = 0; i < nclen; i++) lens[CLORDER[i]!] = this.bits(3);
    const clt = this.dynD;
    const clb = buildTable(lens, 0, 19, clt);
    if (clb <= 0) return this.fail('corrupt', 'A deflate block has an invalid code-length code.', start);
    const total = nlit + ndist;
    const cmask = (1 << clb) - 1;
    for (let i = 0; i < total;) {
      const e = clt[this.peek() & cmask]!;
      const sym = e >> 4;
      if (sym > 18) return this.fail('corrupt', 'A deflate block uses an undefined code-length code.', start);
      this.pos += e & 15;
      if (sym < 16) {
        lens[i++] = sym;
      } else {
        let rep: number;
        let val = 0;
        if (sym === 16) {
          if (i === 0)
            return this.fail('corrupt', 'A deflate block repeats a code length before the first one.', start);
          val = lens[i - 1]!;
          rep = 3 + this.bits(2);
        } else if (sym === 17) rep = 3 + this.bits(3);
        else rep = 11 + this.bits(7);
        if (i + rep > total)
          return this.fail(
            'corrupt',
            'A deflate block header repeats code lengths past the end of the table.',
            start,
          );
        lens.fill(val, i, i + rep);
        i += rep;
      }
      if (this.pos > tb) return this.fail('truncated', 'The deflate data ends inside a block header.', start);
    }
    if (lens[256] === 0) return this.fail('corrupt', 'A deflate block has no end-of-block code.', start);
    const lb = buildTable(lens, 0, nlit, this.dynL);
    const db = buildTable(lens, nlit, ndist, this.dynD);
    if (lb < 0 || db < 0)
      return this.fail('corrupt', 'A deflate block has an invalid (over-subscribed) Huffman code.', start);
    if (db === 0) this.dynD.fill(INVALID, 0, 1);
    this.curL = this.dynL;
    this.curD = this.dynD;
    this.lbits = lb;
    this.dbits = db;
    this.mode = 2;
    return null;
  }

  private stored(): InflateStatus | null {
    const o = this.pos >>> 3;
    const avail = this.d.length - o;
    let n = Math.min(this.storedLeft, avail);
    let capped = false;
    if (!this.out.ensure(this.op + n, this.op)) {
      n = Math.max(0, this.out.cap - this.op);
      capped = true;
    }
    this.out.buf.set(this.d.subarray(o, o + n), this.op);
    this.op += n;
    this.pos += n * 8;
    this.storedLeft -= n;
    if (capped) return 'too-large';
    if (this.storedLeft === 0) {
      this.endOfBlock();
      return null;
    }
    return this.fail('truncated', 'The deflate data ends inside a stored block.');
  }

  /** The hot loop: literal/length and distance codes of one Huffman block. */
  private codes(stopAt: number): InflateStatus | null {
    const d = this.d;
    const tb = d.length * 8;
    const safe = d.length - 3;
    const lt = this.curL;
    const dt = this.curD;
    const lmask = (1 << this.lbits) - 1;
    const dmask = (1 << this.dbits) - 1;
    const base = this.base;
    let out = this.out.buf;
    let pos = this.pos;
    let op = this.op;
    // op > lim means: at stopAt, or fewer than MAX_MATCH bytes of room left.
    let lim = Math.min(out.length - MAX_MATCH, stopAt - 1);
    for (;;) {
      if (op > lim) {
        if (op >= stopAt) break;
        this.out.ensure(op + MAX_MATCH, op);
        out = this.out.buf;
        lim = Math.min(out.length - MAX_MATCH, stopAt - 1);
        if (op > lim) {
          // The buffer is at cap + slack: the cap has been passed (or is about to be).
          this.pos = pos;
          this.op = op;
          return 'too-large';
        }
      }
      let o = pos >>> 3;
      let w =
        o < safe
          ? (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >> (pos & 7)
          : peekSlow(d, o, pos & 7);
      const e = lt[w & lmask]!;
      const sym = e >> 4;
      const len = e & 15;
      if (sym < 256) {
        if (pos + len > tb) {
          this.pos = pos;
          this.op = op;
          return this.fail('truncated', 'The deflate data ends in the middle of a block.');
        }
        pos += len;
        out[op++] = sym;
        continue;
      }
      const symStart = pos;
      pos += len;
      if (sym === 256) {
        this.pos = pos;
        this.op = op;
        if (pos > tb)
          return this.fail('truncated', 'The deflate data ends in the middle of a block.', symStart);
        this.endOfBlock();
        return null;
      }
      if (sym > 285) {
        this.pos = symStart;
        this.op = op;
        return this.fail('corrupt', 'Invalid deflate literal/length code.');
      }
      const li = sym - 257;
      let mlen = LBASE[li]!;
      const lx = LEXT[li]!;
      if (lx !== 0) {
        mlen += (w >> len) & ((1 << lx) - 1);
        pos += lx;
      }
      o = pos >>> 3;
      w =
        o < safe
          ? (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >> (pos & 7)
          : peekSlow(d, o, pos & 7);
      const de = dt[w & dmask]!;
      const dsym = de >> 4;
      if (dsym > 29) {
        this.pos = symStart;
        this.op = op;
        return this.fail('corrupt', 'Invalid deflate distance code.');
      }
      const dlen = de & 15;
      pos += dlen;
      let dist = DBASE[dsym]!;
      const dx = DEXT[dsym]!;
      if (dx !== 0) {
        if (dlen + dx <= 25) dist += (w >> dlen) & ((1 << dx) - 1);
        else {
          o = pos >>> 3;
          w =
            o < safe
              ? (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >> (pos & 7)
              : peekSlow(d, o, pos & 7);
          dist += w & ((1 << dx) - 1);
        }
        pos += dx;
      }
      if (pos > tb) {
        this.pos = symStart;
        this.op = op;
        return this.fail('truncated', 'The deflate data ends in the middle of a block.');
      }
      if (dist > op - base) {
        this.pos = symStart;
        this.op = op;
        return this.fail(
          'corrupt',
          `A deflate match points ${dist} bytes back, before the start of the data.`,
        );
      }
      let s = op - dist;
      const end = op + mlen;
      if (dist >= mlen && mlen > 32) {
        out.copyWithin(op, s, s + mlen);
        op = end;
      } else {
        while (op < end) out[op++] = out[s++]!;
      }
    }
    this.pos = pos;
    this.op = op;
    return 'paused';
  }
}
