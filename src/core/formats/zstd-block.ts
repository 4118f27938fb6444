/**
 * Zstandard compressed blocks (RFC 8878 section 3.1.1.3): literals (raw, RLE, Huffman with 1 or 4
 * streams), FSE-coded sequences, and their execution into the output. The whole output is kept in
 * memory and serves as the window, so nothing is copied twice.
 *
 * Each compressed block is first copied into a zero-padded scratch buffer; all bit reads then stay
 * in bounds without per-read checks. Errors are returned as a message (the caller adds offsets).
 */

/** Entropy tables and repeat offsets that carry over from block to block inside one frame. */
export class FrameState {
  rep0 = 1;
  rep1 = 4;
  rep2 = 8;
  huf: HufTable | null = null;
  ll: SeqTable | null = null;
  of: SeqTable | null = null;
  ml: SeqTable | null = null;
  /** Block bytes copied here at PAD, with PAD zero bytes before and after. */
  readonly scratch = new Uint8Array(BLOCK_MAX + 2 * PAD);
  readonly lit = new Uint8Array(BLOCK_MAX + 32);
  constructor(readonly windowSize: number) {}
  reset(): void {
    this.rep0 = 1;
    this.rep1 = 4;
    this.rep2 = 8;
    this.huf = null;
    this.ll = this.of = this.ml = null;
  }
}

export const BLOCK_MAX = 128 << 10;
const PAD = 16;

/** Huffman decoding table: index = next `bits` bits (MSB first); symbol and code length per slot. */
export interface HufTable {
  bits: number;
  sym: Uint8Array;
  len: Uint8Array;
}

/** FSE table for one sequence field, with the field's baseline and extra bits folded in per state. */
export interface SeqTable {
  log: number;
  /** Baseline value of the state's symbol (literal length, match length or offset code's base). */
  base: Int32Array;
  /** Extra bits of the state's symbol. */
  add: Uint8Array;
  /** Bits to read for the next state, and the next state's base. */
  nb: Uint8Array;
  next: Uint16Array;
}

/* ------------------------------------------------------------------ bit reading */

/** 32 bits (as int32) starting at byte o. */
const load = (d: Uint8Array, o: number): number =>
  d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24);

/** Index of the highest set bit (n > 0). */
const highBit = (n: number): number => 31 - Math.clz32(n);

/* ------------------------------------------------------------------ FSE tables */

const LL_BITS = Uint8Array.of(
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
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
  3,
  3,
  4,
  6,
  7,
  8,
  9,
  10,
  11,
  12,
  13,
  14,
  15,
  16,
);
const ML_BITS = Uint8Array.of(
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
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
  3,
  3,
  4,
  4,
  5,
  7,
  8,
  9,
  10,
  11,
  12,
  13,
  14,
  15,
  16,
);
const baselines = (bits: Uint8Array, start: number): Int32Array => {
  const b = new Int32Array(bits.length);
  for (let i = 0, s = start; i < bits.length; i++) {
    b[i] = s;
    s += 1 << bits[i]!;
  }
  return b;
};
const LL_BASE = baselines(LL_BITS, 0);
const ML_BASE = baselines(ML_BITS, 3);
/** Offset codes 0…30 (code 31 would mean offsets of 2 GiB and more: rejected). */
const OF_BITS = Uint8Array.from({ length: 31 }, (_, i) => i);
const OF_BASE = Int32Array.from({ length: 31 }, (_, i) => 1 << i);

/**
 * Read an FSE table description (normalized counts) at bit 0 of d[p]. Returns the counts, the
 * accuracy log and the byte after the description; or an error message.
 */
export function readNCount(
  d: Uint8Array,
  p: number,
  end: number,
  maxLog: number,
  maxSym: number,
): { norm: Int16Array; log: number; next: number; last: number } | string {
  if (p >= end) return 'an FSE table description is missing';
  const log = (d[p]! & 15) + 5;
  if (log > maxLog) return `an FSE table's accuracy log ${log} is too high`;
  const norm = new Int16Array(maxSym + 1);
  let bit = p * 8 + 4;
  const endBit = end * 8;
  let remaining = (1 << log) + 1;
  let threshold = 1 << log;
  let nbBits = log + 1;
  let sym = 0;
  let prev0 = false;
  while (remaining > 1 && sym <= maxSym) {
    if (prev0) {
      let n;
      do {
        n = (load(d, bit >> 3) >> (bit & 7)) & 3;
        bit += 2;
        sym += n;
      } while (n === 3 && bit <= endBit);
      if (sym > maxSym) break;
    }
    const v = (load(d, bit >> 3) >> (bit & 7)) & (2 * threshold - 1);
    const max = 2 * threshold - 1 - remaining;
    let count: number;
    if ((v & (threshold - 1)) < max) {
      count = v & (threshold - 1);
      bit += nbBits - 1;
    } else {
      count = v;
      if (count >= threshold) count -= max;
      bit += nbBits;
    }
    count--;
    remaining -= count < 0 ? -count : count;
    norm[sym++] = count;
    prev0 = count === 0;
    while (remaining < threshold) {
      nbBits--;
      threshold >>= 1;
    }
    if (bit > endBit) return 'an FSE table description runs past the block';
  }
  if (remaining !== 1 || sym > maxSym + 1) return 'an FSE table description is invalid';
  return { norm, log, next: (bit + 7) >> 3, last: sym - 1 };
}

/** Spread symbols over the FSE decoding table (RFC 8878 4.1.1). Returns symbol, nbBits, newState per state. */
function buildFse(
  norm: Int16Array,
  last: number,
  log: number,
): { sym: Uint8Array; nb: Uint8Array; next: Uint16Array } | string {
  const size = 1 << log;
  const sym = new Uint8Array(size);
  const nb = new Uint8Array(size);
  const next = new Uint16Array(size);
  const symNext = new Uint16Array(last + 1);
  let high = size - 1;
  for (let s = 0; s <= last; s++) {
    if (norm[s] === -1) {
      sym[high--] = s;
      symNext[s] = 1;
    } else symNext[s] = Math.max(0, norm[s]!);
  }
  const step = (size >> 1) + (size >> 3) + 3;
  const mask = size - 1;
  let pos = 0;
  for (let s = 0; s <= last; s++) {
    const n = norm[s]!;
    for (let i = 0; i < n; i++) {
      sym[pos] = s;
      do pos = (pos + step) & mask;
      while (pos > high);
    }
  }
  if (pos !== 0) return 'an FSE table is invalid (symbols do not fill it)';
  for (let u = 0; u < size; u++) {
    const ns = symNext[sym[u]!]!++;
    const b = log - highBit(ns);
    nb[u] = b;
    next[u] = (ns << b) - size;
  }
  return { sym, nb, next };
}

function seqTable(
  norm: Int16Array,
  last: number,
  log: number,
  bits: Uint8Array,
  base: Int32Array,
): SeqTable | string {
  const t = buildFse(norm, last, log);
  if (typeof t === 'string') return t;
  const size = 1 << log;
  const b = new Int32Array(size);
  const add = new Uint8Array(size);
  for (let u = 0; u < size; u++) {
    const s = t.sym[u]!;
    if (s >= bits.length) return 'an FSE table uses an undefined (or too large) code';
    b[u] = base[s]!;
    add[u] = bits[s]!;
  }
  return { log, base: b, add, nb: t.nb, next: t.next };
}

function rleTable(s: number, bits: Uint8Array, base: Int32Array): SeqTable | string {
  if (s >= bits.length) return 'an RLE sequence table uses an undefined symbol';
  return {
    log: 0,
    base: Int32Array.of(base[s]!),
    add: Uint8Array.of(bits[s]!),
    nb: new Uint8Array(1),
    next: new Uint16Array(1),
  };
}

const predefined = (counts: number[], log: number, bits: Uint8Array, base: Int32Array): SeqTable => {
  const t = seqTable(Int16Array.from(counts), counts.length - 1, log, bits, base);
  if (typeof t === 'string') throw new Error(t);
  return t;
};
// prettier-ignore
const LL_DEFAULT = predefined([4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1], 6, LL_BITS, LL_BASE);
// prettier-ignore
const ML_DEFAULT = predefined([1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1], 6, ML_BITS, ML_BASE);
// prettier-ignore
const OF_DEFAULT = predefined([1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1], 5, OF_BITS, OF_BASE);

/* ------------------------------------------------------------------ Huffman literals */

/** Read a Huffman tree description at d[p] (p < end). Returns the table and the next byte. */
function readHuffman(d: Uint8Array, p: number, end: number): { t: HufTable; next: number } | string {
  const hb = d[p]!;
  const w = new Uint8Array(256);
  let n = 0;
  let next: number;
  if (hb < 128) {
    // FSE-compressed weights: hb bytes, two interleaved states, accuracy log ≤ 6.
    const wend = p + 1 + hb;
    if (wend > end) return 'a Huffman tree description runs past the block';
    const nc = readNCount(d, p + 1, wend, 6, 255);
    if (typeof nc === 'string') return nc;
    const fse = buildFse(nc.norm, nc.last, nc.log);
    if (typeof fse === 'string') return fse;
    const lastByte = d[wend - 1]!;
    if (lastByte === 0 || nc.next >= wend) return 'a Huffman weight stream is invalid';
    const low = nc.next * 8;
    let pos = (wend - 1) * 8 + highBit(lastByte);
    let s1 = 0;
    let s2 = 0;
    let b1 = nc.log;
    let b2 = nc.log;
    for (;;) {
      pos -= b1;
      if (pos < low) break;
      s1 += (load(d, pos >> 3) >> (pos & 7)) & ((1 << b1) - 1);
      if (n > 254) return 'a Huffman tree has too many weights';
      w[n++] = fse.sym[s1]!;
      pos -= b2;
      if (pos < low) break;
      s2 += (load(d, pos >> 3) >> (pos & 7)) & ((1 << b2) - 1);
      if (n > 254) return 'a Huffman tree has too many weights';
      w[n++] = fse.sym[s2]!;
      b1 = fse.nb[s1]!;
      s1 = fse.next[s1]!;
      b2 = fse.nb[s2]!;
      s2 = fse.next[s2]!;
    }
    next = wend;
  } else {
    n = hb - 127;
    next = p + 1 + ((n + 1) >> 1);
    if (next > end) return 'a Huffman tree description runs past the block';
    for (let i = 0; i < n; i++) {
      const b = d[p + 1 + (i >> 1)]!;
      w[i] = i & 1 ? b & 15 : b >> 4;
    }
  }
  // The last weight is implied: the weights must sum to a power of two.
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (w[i]! > 11) return 'a Huffman weight is too large';
    if (w[i]) sum += 1 << (w[i]! - 1);
  }
  if (sum === 0) return 'a Huffman tree has no symbols';
  const bits = highBit(sum) + 1;
  if (bits > 11) return 'a Huffman tree is too deep';
  const rest = (1 << bits) - sum;
  if (rest & (rest - 1)) return 'Huffman weights do not sum to a power of two';
  w[n++] = highBit(rest) + 1;
  // Fill: by increasing weight, symbols in order, 2^(w-1) slots each.
  const size = 1 << bits;
  const sym = new Uint8Array(size);
  const len = new Uint8Array(size);
  const rankStart = new Uint32Array(13);
  const count = new Uint32Array(13);
  for (let i = 0; i < n; i++) count[w[i]!]!++;
  for (let k = 1, s = 0; k <= 12; k++) {
    rankStart[k] = s;
    s += count[k]! << (k - 1);
  }
  for (let i = 0; i < n; i++) {
    const k = w[i]!;
    if (!k) continue;
    const span = 1 << (k - 1);
    const at = rankStart[k]!;
    sym.fill(i, at, at + span);
    len.fill(bits + 1 - k, at, at + span);
    rankStart[k] = at + span;
  }
  return { t: { bits, sym, len }, next };
}

/** Decode one Huffman stream d[start, end) into lit[o, o + n). Returns an error message or null. */
function huffStream(
  d: Uint8Array,
  start: number,
  end: number,
  t: HufTable,
  lit: Uint8Array,
  o: number,
  n: number,
): string | null {
  if (end <= start) return 'a Huffman literal stream is empty';
  const lastByte = d[end - 1]!;
  if (lastByte === 0) return 'a Huffman literal stream has no end marker';
  const bits = t.bits;
  const mask = (1 << bits) - 1;
  const sym = t.sym;
  const len = t.len;
  const low = start * 8;
  let pos = (end - 1) * 8 + highBit(lastByte);
  const stop = o + n;
  while (o < stop) {
    const q = pos - bits;
    const i = (load(d, q >> 3) >> (q & 7)) & mask;
    lit[o++] = sym[i]!;
    pos -= len[i]!;
  }
  if (pos !== low)
    return pos < low
      ? 'a Huffman literal stream is too short'
      : 'a Huffman literal stream has bits left over';
  return null;
}

/* ------------------------------------------------------------------ blocks */

export interface BlockResult {
  /** New output position, or -1 on error. */
  op: number;
  error?: string;
}

/**
 * Decode the compressed block src[start, end) into out at op. `out` must have room for BLOCK_MAX
 * (or the window size, when smaller) bytes. `frameStart` is where this frame's output began.
 */
export function decodeBlock(
  src: Uint8Array,
  start: number,
  end: number,
  fs: FrameState,
  out: Uint8Array,
  op: number,
  frameStart: number,
  blockMax: number,
): BlockResult {
  const size = end - start;
  const d = fs.scratch;
  d.set(src.subarray(start, end), PAD);
  d.fill(0, PAD + size, PAD + size + PAD);
  const bEnd = PAD + size;
  let p = PAD;
  // Literals section header.
  const b0 = d[p]!;
  const ltype = b0 & 3;
  const sf = (b0 >> 2) & 3;
  let regen: number;
  let csize = 0;
  let streams = 1;
  if (ltype < 2) {
    if ((sf & 1) === 0) {
      regen = b0 >> 3;
      p += 1;
    } else if (sf === 1) {
      regen = (b0 >> 4) | (d[p + 1]! << 4);
      p += 2;
    } else {
      regen = (b0 >> 4) | (d[p + 1]! << 4) | (d[p + 2]! << 12);
      p += 3;
    }
  } else {
    streams = sf === 0 ? 1 : 4;
    if (sf < 2) {
      regen = (b0 >> 4) | ((d[p + 1]! & 63) << 4);
      csize = (d[p + 1]! >> 6) | (d[p + 2]! << 2);
      p += 3;
    } else if (sf === 2) {
      regen = (b0 >> 4) | (d[p + 1]! << 4) | ((d[p + 2]! & 3) << 12);
      csize = (d[p + 2]! >> 2) | (d[p + 3]! << 6);
      p += 4;
    } else {
      regen = (b0 >> 4) | (d[p + 1]! << 4) | ((d[p + 2]! & 63) << 12);
      csize = (d[p + 2]! >> 6) | (d[p + 3]! << 2) | (d[p + 4]! << 10);
      p += 5;
    }
  }
  if (regen > blockMax) return { op: -1, error: 'the literals are larger than a block may be' };
  const lit = fs.lit;
  if (ltype === 0) {
    if (p + regen > bEnd) return { op: -1, error: 'raw literals run past the block' };
    lit.set(d.subarray(p, p + regen), 0);
    p += regen;
  } else if (ltype === 1) {
    if (p >= bEnd) return { op: -1, error: 'RLE literals run past the block' };
    lit.fill(d[p]!, 0, regen);
    p += 1;
  } else {
    const cend = p + csize;
    if (cend > bEnd) return { op: -1, error: 'Huffman literals run past the block' };
    if (ltype === 2) {
      const h = readHuffman(d, p, cend);
      if (typeof h === 'string') return { op: -1, error: h };
      fs.huf = h.t;
      p = h.next;
    } else if (!fs.huf) return { op: -1, error: 'treeless literals without an earlier Huffman table' };
    const t = fs.huf;
    let e: string | null;
    if (streams === 1) e = huffStream(d, p, cend, t, lit, 0, regen);
    else {
      if (p + 6 > cend) return { op: -1, error: 'the literal jump table runs past the block' };
      const s1 = d[p]! | (d[p + 1]! << 8);
      const s2 = d[p + 2]! | (d[p + 3]! << 8);
      const s3 = d[p + 4]! | (d[p + 5]! << 8);
      const q1 = p + 6;
      const q2 = q1 + s1;
      const q3 = q2 + s2;
      const q4 = q3 + s3;
      if (q4 > cend) return { op: -1, error: 'the literal jump table is invalid' };
      const n1 = (regen + 3) >> 2;
      if (3 * n1 > regen) return { op: -1, error: 'too few literals for four streams' };
      e =
        huffStream(d, q1, q2, t, lit, 0, n1) ??
        huffStream(d, q2, q3, t, lit, n1, n1) ??
        huffStream(d, q3, q4, t, lit, 2 * n1, n1) ??
        huffStream(d, q4, cend, t, lit, 3 * n1, regen - 3 * n1);
    }
    if (e) return { op: -1, error: e };
    p = cend;
  }
  return sequences(d, p, bEnd, fs, lit, regen, out, op, frameStart, blockMax);
}

/** Where the last pickTable call stopped reading (a module variable: no closure in the hot function). */
let pickEnd = 0;

/** The table for one sequence field by its compression mode: predefined, RLE, FSE-described, or repeat. */
function pickTable(
  d: Uint8Array,
  p: number,
  bEnd: number,
  mode: number,
  prev: SeqTable | null,
  def: SeqTable,
  maxLog: number,
  maxSym: number,
  bits: Uint8Array,
  base: Int32Array,
): SeqTable | string {
  pickEnd = p;
  if (mode === 0) return def;
  if (mode === 1) {
    if (p >= bEnd) return 'an RLE sequence table runs past the block';
    pickEnd = p + 1;
    return rleTable(d[p]!, bits, base);
  }
  if (mode === 2) {
    const nc = readNCount(d, p, bEnd, maxLog, maxSym);
    if (typeof nc === 'string') return nc;
    pickEnd = nc.next;
    return seqTable(nc.norm, nc.last, nc.log, bits, base);
  }
  return prev ?? 'a repeated sequence table without an earlier one';
}

function sequences(
  d: Uint8Array,
  p: number,
  bEnd: number,
  fs: FrameState,
  lit: Uint8Array,
  litLen: number,
  out: Uint8Array,
  op: number,
  frameStart: number,
  blockMax: number,
): BlockResult {
  if (p >= bEnd) return { op: -1, error: 'the sequences section is missing' };
  let nseq = d[p++]!;
  if (nseq >= 128) {
    if (nseq === 255) {
      nseq = d[p]! + (d[p + 1]! << 8) + 0x7f00;
      p += 2;
    } else {
      nseq = ((nseq - 128) << 8) + d[p]!;
      p += 1;
    }
  }
  const opEnd = op + blockMax;
  if (nseq === 0) {
    if (p !== bEnd) return { op: -1, error: 'bytes left over after the literals' };
    out.set(lit.subarray(0, litLen), op);
    return { op: op + litLen };
  }
  if (p >= bEnd) return { op: -1, error: 'the sequence modes byte is missing' };
  const modes = d[p++]!;
  if (modes & 3) return { op: -1, error: 'reserved bits are set in the sequence modes' };
  const llT = pickTable(d, p, bEnd, modes >> 6, fs.ll, LL_DEFAULT, 9, 35, LL_BITS, LL_BASE);
  if (typeof llT === 'string') return { op: -1, error: llT };
  p = pickEnd;
  const ofT = pickTable(d, p, bEnd, (modes >> 4) & 3, fs.of, OF_DEFAULT, 8, 31, OF_BITS, OF_BASE);
  if (typeof ofT === 'string') return { op: -1, error: ofT };
  p = pickEnd;
  const mlT = pickTable(d, p, bEnd, (modes >> 2) & 3, fs.ml, ML_DEFAULT, 9, 52, ML_BITS, ML_BASE);
  if (typeof mlT === 'string') return { op: -1, error: mlT };
  p = pickEnd;
  fs.ll = llT;
  fs.of = ofT;
  fs.ml = mlT;
  if (p >= bEnd) return { op: -1, error: 'the sequence bitstream is missing' };
  const lastByte = d[bEnd - 1]!;
  if (lastByte === 0) return { op: -1, error: 'the sequence bitstream has no end marker' };
  const low = p * 8;
  let pos = (bEnd - 1) * 8 + highBit(lastByte);
  // Initial states: literal length, offset, match length.
  pos -= llT.log;
  let sLL = (load(d, pos >> 3) >> (pos & 7)) & ((1 << llT.log) - 1);
  pos -= ofT.log;
  let sOF = (load(d, pos >> 3) >> (pos & 7)) & ((1 << ofT.log) - 1);
  pos -= mlT.log;
  let sML = (load(d, pos >> 3) >> (pos & 7)) & ((1 << mlT.log) - 1);
  if (pos < low) return { op: -1, error: 'the sequence bitstream is too short' };
  const llBase = llT.base;
  const llAdd = llT.add;
  const llNb = llT.nb;
  const llNext = llT.next;
  const mlBase = mlT.base;
  const mlAdd = mlT.add;
  const mlNb = mlT.nb;
  const mlNext = mlT.next;
  const ofBase = ofT.base;
  const ofAdd = ofT.add;
  const ofNb = ofT.nb;
  const ofNext = ofT.next;
  let rep0 = fs.rep0;
  let rep1 = fs.rep1;
  let rep2 = fs.rep2;
  const win = fs.windowSize;
  let lp = 0;
  for (let i = 0; i < nseq; i++) {
    // Extra bits, read in the order offset, match length, literal length (the offset's are
    // highest in the backward stream). One 32-bit read covers all three when they fit in 25 bits.
    let ofv = ofBase[sOF]!;
    let ml = mlBase[sML]!;
    let ll = llBase[sLL]!;
    const ob = ofAdd[sOF]!;
    const mb = mlAdd[sML]!;
    const lb = llAdd[sLL]!;
    if (ob + mb + lb <= 25) {
      pos -= ob + mb + lb;
      const w = load(d, pos >> 3) >> (pos & 7);
      ll += w & ((1 << lb) - 1);
      ml += (w >> lb) & ((1 << mb) - 1);
      ofv += (w >> (lb + mb)) & ((1 << ob) - 1);
    } else {
      if (ob > 24) {
        pos -= ob - 24;
        ofv += ((load(d, pos >> 3) >> (pos & 7)) & ((1 << (ob - 24)) - 1)) * 16777216;
        pos -= 24;
        ofv += (load(d, pos >> 3) >> (pos & 7)) & 0xffffff;
      } else {
        pos -= ob;
        ofv += (load(d, pos >> 3) >> (pos & 7)) & ((1 << ob) - 1);
      }
      pos -= mb;
      ml += (load(d, pos >> 3) >> (pos & 7)) & ((1 << mb) - 1);
      pos -= lb;
      ll += (load(d, pos >> 3) >> (pos & 7)) & ((1 << lb) - 1);
    }
    // Repeat offsets.
    let off: number;
    if (ofv > 3) {
      off = ofv - 3;
      rep2 = rep1;
      rep1 = rep0;
      rep0 = off;
    } else {
      const idx = ofv - 1 + (ll === 0 ? 1 : 0);
      if (idx === 0) off = rep0;
      else if (idx === 1) {
        off = rep1;
        rep1 = rep0;
        rep0 = off;
      } else if (idx === 2) {
        off = rep2;
        rep2 = rep1;
        rep1 = rep0;
        rep0 = off;
      } else {
        off = rep0 - 1;
        rep2 = rep1;
        rep1 = rep0;
        rep0 = off;
      }
    }
    // State updates (not after the last sequence), read in the order literal length, match
    // length, offset: the offset's bits are lowest.
    if (i + 1 < nseq) {
      const b1 = llNb[sLL]!;
      const b2 = mlNb[sML]!;
      const b3 = ofNb[sOF]!;
      if (b1 + b2 + b3 <= 25) {
        pos -= b1 + b2 + b3;
        const w = load(d, pos >> 3) >> (pos & 7);
        sOF = ofNext[sOF]! + (w & ((1 << b3) - 1));
        sML = mlNext[sML]! + ((w >> b3) & ((1 << b2) - 1));
        sLL = llNext[sLL]! + ((w >> (b3 + b2)) & ((1 << b1) - 1));
      } else {
        pos -= b1;
        sLL = llNext[sLL]! + ((load(d, pos >> 3) >> (pos & 7)) & ((1 << b1) - 1));
        pos -= b2;
        sML = mlNext[sML]! + ((load(d, pos >> 3) >> (pos & 7)) & ((1 << b2) - 1));
        pos -= b3;
        sOF = ofNext[sOF]! + ((load(d, pos >> 3) >> (pos & 7)) & ((1 << b3) - 1));
      }
    }
    if (pos < low) return { op: -1, error: 'the sequence bitstream is too short' };
    // Execute: literals, then the match.
    if (lp + ll > litLen) return { op: -1, error: 'a sequence uses more literals than the block has' };
    if (op + ll + ml > opEnd) return { op: -1, error: 'a block decodes to more than its maximum size' };
    if (ll > 16) {
      out.set(lit.subarray(lp, lp + ll), op);
      op += ll;
      lp += ll;
    } else {
      const e = lp + ll;
      while (lp < e) out[op++] = lit[lp++]!;
    }
    if (off > op - frameStart || off > win || off < 1)
      return { op: -1, error: `a match offset (${off}) points before the start of the data` };
    let s = op - off;
    if (off >= ml && ml > 32) {
      out.copyWithin(op, s, s + ml);
      op += ml;
    } else {
      const e = op + ml;
      while (op < e) out[op++] = out[s++]!;
    }
  }
  if (pos !== low) return { op: -1, error: 'the sequence bitstream has bits left over' };
  fs.rep0 = rep0;
  fs.rep1 = rep1;
  fs.rep2 = rep2;
  const rest = litLen - lp;
  if (op + rest > opEnd) return { op: -1, error: 'a block decodes to more than its maximum size' };
  out.set(lit.subarray(lp, litLen), op);
  return { op: op + rest };
}
