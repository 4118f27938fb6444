/**
 * A raw LZMA1 decoder: range decoder, literal/match/rep coders and a window that is the output
 * itself. Written from the LZMA specification (lzma-specification.txt in the public-domain LZMA
 * SDK); no code is copied.
 *
 * Speed matters here (kernel images are tens of MB), so the hot loop is one function with all
 * state in locals and every bit decode written out inline. range and code are kept as int32 bit
 * patterns (`| 0`, unsigned compares via `^ SIGN`), so V8 keeps them in 32-bit registers and never
 * deoptimizes on a value >= 2^31 (uint32 doubles were 1.4× slower; `>>> 0` values deopt when they
 * first pass 2^31). Probabilities live in one Uint16Array. The decoder is resumable: `run(stopAt)` decodes until
 * the output reaches `stopAt` (or the stream stops), then saves its locals, so the caller can
 * report progress and honour cancellation between chunks.
 */

// Why `run` returned. Plain constants inside the loop: a property load such as `Status.Corrupt`
// in a rarely taken branch has no type feedback and deoptimizes the hot loop when first reached.
/** `stopAt` reached; call `run` again. */
const MORE = 0;
/** The end marker was decoded (`finishedOk` says whether the range coder ended cleanly). */
const END_MARKER = 1;
/** The uncompressed size from the header was reached and the range coder ended cleanly. */
const SIZE_REACHED = 2;
/** Unknown size, no end marker: the input ended exactly where the range coder ends cleanly. */
const INPUT_END = 3;
/** Unknown size, no end marker: the range coder ended cleanly before 4 bytes equal to the size. */
const TRAILER_END = 4;
/** The input ran out in the middle of a symbol. */
const TRUNCATED = 5;
/** Invalid data (distance beyond the output, rep match at the start, bad first byte). */
const CORRUPT = 6;
/** The output cap was reached (or the output could not be allocated). */
const OUTPUT_LIMIT = 7;
/** The header's size was reached but the data goes on (no end marker follows). */
const DATA_AFTER_SIZE = 8;

export const Status = {
  More: MORE,
  EndMarker: END_MARKER,
  SizeReached: SIZE_REACHED,
  InputEnd: INPUT_END,
  TrailerEnd: TRAILER_END,
  Truncated: TRUNCATED,
  Corrupt: CORRUPT,
  OutputLimit: OUTPUT_LIMIT,
  DataAfterSize: DATA_AFTER_SIZE,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

export interface LzmaProps {
  lc: number;
  lp: number;
  pb: number;
}

/** Decode the lzma-alone properties byte ((pb * 5 + lp) * 9 + lc); null when >= 225. */
export function decodeProps(b: number): LzmaProps | null {
  if (b >= 225) return null;
  const lc = b % 9;
  const rest = (b / 9) | 0;
  return { lc, lp: rest % 5, pb: (rest / 5) | 0 };
}

// Layout of the probability array.
const NUM_STATES = 12;
const IS_MATCH = 0; // [state << 4 | posState]
const IS_REP = IS_MATCH + (NUM_STATES << 4);
const IS_REP_G0 = IS_REP + NUM_STATES;
const IS_REP_G1 = IS_REP_G0 + NUM_STATES;
const IS_REP_G2 = IS_REP_G1 + NUM_STATES;
const IS_REP0_LONG = IS_REP_G2 + NUM_STATES; // [state << 4 | posState]
const POS_SLOT = IS_REP0_LONG + (NUM_STATES << 4); // [lenState << 6 | tree index]
const SPEC_POS = POS_SLOT + (4 << 6); // 115 entries, indexed from 1
const ALIGN = SPEC_POS + 115; // 16
const LEN_CODER = ALIGN + 16; // choice, choice2, low[16][8], mid[16][8], high[256]
const LEN_SIZE = 2 + 128 + 128 + 256;
const REP_LEN_CODER = LEN_CODER + LEN_SIZE;
const LITERAL = REP_LEN_CODER + LEN_SIZE; // 0x300 per literal context
const LEN_LOW = 2;
const LEN_MID = 2 + 128;
const LEN_HIGH = 2 + 256;

/** range < 2^24 (unsigned) is `(range & TOP_MASK) === 0`. */
const TOP_MASK = -0x1000000;
/** XOR both sides with this to compare int32 bit patterns as unsigned numbers. */
const SIGN = -0x80000000;
/** The longest match. */
const MAX_MATCH = 273;

export class LzmaDecoder {
  /** Output so far (a growing buffer; `outPos` bytes are valid). */
  out: Uint8Array;
  outPos = 0;
  /** Absolute position in `input` of the next unread byte. */
  inPos: number;
  /** Set by the final status: where the problem was (absolute input offset). */
  errorAt = -1;
  /** With EndMarker: true when the range coder ended cleanly (code 0) after it. */
  finishedOk = true;
  /** With OutputLimit: the output buffer could not be allocated (out of memory). */
  allocFailed = false;

  private readonly input: Uint8Array;
  private readonly probs: Uint16Array;
  private readonly lc: number;
  private readonly lpMask: number;
  private readonly pbMask: number;
  /** min(known size, maxOutput): the output never grows beyond this. */
  private readonly hardLimit: number;
  private readonly knownSize: number;
  /** First output size to grow to (size from the header, a trailer hint or a guess). */
  private readonly target: number;
  /** Where to grow once past `target`: the generic guess (8× the input). */
  private readonly fallback: number;
  private range = -1; // 0xffffffff as int32
  private code = 0;
  private state = 0;
  private rep0 = 0;
  private rep1 = 0;
  private rep2 = 0;
  private rep3 = 0;
  private pastSize = false;

  /**
   * @param input  the bytes; the range-coded data starts at `start`
   * @param knownSize  uncompressed size from the header, or -1 when unknown
   * @param sizeHint  expected output size when the size is unknown (e.g. a kbuild trailer), or -1
   */
  constructor(
    input: Uint8Array,
    start: number,
    props: LzmaProps,
    knownSize: number,
    maxOutput: number,
    sizeHint = -1,
  ) {
    this.input = input;
    this.lc = props.lc;
    this.lpMask = (1 << props.lp) - 1;
    this.pbMask = (1 << props.pb) - 1;
    this.knownSize = knownSize < 0 ? Number.MAX_SAFE_INTEGER : knownSize;
    this.hardLimit = Math.min(this.knownSize, maxOutput);
    this.probs = new Uint16Array(LITERAL + (0x300 << (props.lc + props.lp))).fill(1024);
    const remaining = input.length - start;
    // Fresh memory is costly to touch and untouched memory is free, so aim high: growing copies.
    // But never trust a header's size beyond 64× the input (growing still works past that). A
    // size hint that turns out too small (not a real trailer) falls back to the generic guess.
    const cap = (n: number): number =>
      Math.max(0, Math.min(n, this.hardLimit, Math.max(1 << 16, remaining * 64)));
    this.fallback = cap(Math.min(remaining * 8, 1 << 28));
    this.target = knownSize >= 0 ? cap(knownSize) : sizeHint >= 0 ? cap(sizeHint + 16) : this.fallback;
    // Start tiny: the first grow then happens early, while V8 still collects type feedback.
    this.out = new Uint8Array(Math.min(this.target, 1024));
    // Range coder init: the first byte is always 0, then 4 bytes of code.
    this.inPos = start + 5;
    let code = 0;
    for (let i = 1; i < 5; i++) code = (code << 8) | (start + i < input.length ? input[start + i]! : 0);
    this.code = code;
    if (remaining > 0 && input[start] !== 0) this.errorAt = start;
  }

  /**
   * Grow the output (keeping `used` bytes) towards `need` bytes: to the first-size guess, then by
   * doubling, never past the hard limit. Afterwards `out.length` may still be short of `need`
   * (at the limit, or when memory ran out); the decoder then checks every write exactly.
   */
  private grow(used: number, need: number): void {
    const next1 = this.out.length < this.target ? this.target : this.fallback;
    const size = Math.min(this.hardLimit, Math.max(need, this.out.length * 2, next1));
    if (size <= this.out.length || this.allocFailed) return;
    const next = allocate(size);
    if (!next) {
      this.allocFailed = true;
      return;
    }
    next.set(this.out.subarray(0, used));
    this.out = next;
  }

  /** Decode until the output reaches `stopAt` or the stream stops. */
  run(stopAt: number): Status {
    const input = this.input;
    const inLen = input.length;
    if (this.errorAt >= 0) return CORRUPT;
    if (this.inPos > inLen) {
      this.errorAt = inLen;
      return TRUNCATED;
    }
    const probs = this.probs;
    const lc = this.lc;
    const lcShift = 8 - lc;
    const lpMask = this.lpMask;
    const pbMask = this.pbMask;
    const knownSize = this.knownSize;
    const unknownSize = knownSize === Number.MAX_SAFE_INTEGER;
    let out = this.out;
    let outEnd = out.length;
    let outPos = this.outPos;
    let inPos = this.inPos;
    let range = this.range;
    let code = this.code;
    let state = this.state;
    let rep0 = this.rep0;
    let rep1 = this.rep1;
    let rep2 = this.rep2;
    let rep3 = this.rep3;
    let prevByte = outPos > 0 ? out[outPos - 1]! : 0;
    let symOut = outPos;
    let status: Status = MORE;
    if (!this.pastSize) stopAt = Math.min(stopAt, knownSize);
    else stopAt = Number.MAX_SAFE_INTEGER;

    let prob: number;
    let bound: number;
    let p: number;
    let sym: number;

    for (;;) {
      // ---- symbol boundary: end-of-input, clean end and size checks (rare paths) ----
      if (inPos + 1 >= inLen || code === 0) {
        if (inPos > inLen) {
          // The last symbol needed bytes past the end: it is not trustworthy.
          outPos = symOut;
          this.errorAt = inLen;
          status = TRUNCATED;
          break;
        }
        // Would the range coder be finished here (after normalising)?
        let c = code;
        let q = inPos;
        if ((range & TOP_MASK) === 0) {
          c = q < inLen ? (code << 8) | input[q]! : 1;
          q++;
        }
        if (c === 0 && q <= inLen && unknownSize && !this.pastSize) {
          if (q === inLen) {
            inPos = q;
            status = INPUT_END;
            break;
          }
          if (q + 4 <= inLen && outPos > 0 && readLE32(input, q) === outPos >>> 0) {
            inPos = q;
            status = TRAILER_END;
            break;
          }
        }
      }
      symOut = outPos;
      if (outPos >= stopAt) {
        if (outPos < knownSize) break; // chunk done: MORE
        // Size reached: finished if the range coder ends cleanly here, else look for an end marker.
        if ((range & TOP_MASK) === 0) {
          range <<= 8;
          code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
          inPos++;
        }
        if (code === 0 && inPos <= inLen) {
          status = SIZE_REACHED;
          break;
        }
        this.pastSize = true;
        stopAt = Number.MAX_SAFE_INTEGER;
      }

      // Room for the longest symbol (a 273-byte match); the writes below then only check exactly
      // once the buffer cannot grow any more.
      if (outPos + MAX_MATCH > outEnd && outEnd < this.hardLimit) {
        this.grow(outPos, outPos + MAX_MATCH);
        out = this.out;
        outEnd = out.length;
      }

      const posState = outPos & pbMask;

      // ---- isMatch[state][posState] ----
      p = IS_MATCH + (state << 4) + posState;
      prob = probs[p]!;
      if ((range & TOP_MASK) === 0) {
        range <<= 8;
        code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
        inPos++;
      }
      bound = Math.imul(range >>> 11, prob);
      if ((code ^ SIGN) < (bound ^ SIGN)) {
        range = bound;
        probs[p] = prob + ((2048 - prob) >>> 5);

        // ---- literal ----
        if (outPos >= outEnd) {
          status = outPos >= knownSize ? DATA_AFTER_SIZE : OUTPUT_LIMIT;
          break;
        }
        const base = LITERAL + 0x300 * (((outPos & lpMask) << lc) + (prevByte >>> lcShift));
        sym = 1;
        if (state < 7) {
          do {
            p = base + sym;
            prob = probs[p]!;
            if ((range & TOP_MASK) === 0) {
              range <<= 8;
              code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
              inPos++;
            }
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[p] = prob + ((2048 - prob) >>> 5);
              sym <<= 1;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[p] = prob - (prob >>> 5);
              sym = (sym << 1) | 1;
            }
          } while (sym < 0x100);
          state = state < 4 ? 0 : state - 3;
        } else {
          // "Matched" literal: the byte at rep0 steers the probabilities until the first mismatch.
          let matchByte = out[outPos - rep0 - 1]!;
          let offs = 0x100;
          do {
            matchByte <<= 1;
            const mbit = matchByte & offs;
            p = base + offs + mbit + sym;
            prob = probs[p]!;
            if ((range & TOP_MASK) === 0) {
              range <<= 8;
              code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
              inPos++;
            }
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[p] = prob + ((2048 - prob) >>> 5);
              sym <<= 1;
              offs &= ~mbit;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[p] = prob - (prob >>> 5);
              sym = (sym << 1) | 1;
              offs &= mbit;
            }
          } while (sym < 0x100);
          state = state < 10 ? state - 3 : state - 6;
        }
        prevByte = sym & 0xff;
        out[outPos++] = prevByte;
        continue;
      }
      range = (range - bound) | 0;
      code = (code - bound) | 0;
      probs[p] = prob - (prob >>> 5);

      // ---- isRep[state] ----
      p = IS_REP + state;
      prob = probs[p]!;
      if ((range & TOP_MASK) === 0) {
        range <<= 8;
        code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
        inPos++;
      }
      bound = Math.imul(range >>> 11, prob);
      let lenBase: number;
      let isRep: boolean;
      if ((code ^ SIGN) < (bound ^ SIGN)) {
        range = bound;
        probs[p] = prob + ((2048 - prob) >>> 5);
        lenBase = LEN_CODER;
        isRep = false;
      } else {
        range = (range - bound) | 0;
        code = (code - bound) | 0;
        probs[p] = prob - (prob >>> 5);
        isRep = true;
        lenBase = REP_LEN_CODER;
        if (outPos === 0) {
          status = CORRUPT;
          this.errorAt = inPos;
          break;
        }
        // ---- isRepG0[state] ----
        p = IS_REP_G0 + state;
        prob = probs[p]!;
        if ((range & TOP_MASK) === 0) {
          range <<= 8;
          code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
          inPos++;
        }
        bound = Math.imul(range >>> 11, prob);
        if ((code ^ SIGN) < (bound ^ SIGN)) {
          range = bound;
          probs[p] = prob + ((2048 - prob) >>> 5);
          // ---- isRep0Long[state][posState] ----
          p = IS_REP0_LONG + (state << 4) + posState;
          prob = probs[p]!;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
            inPos++;
          }
          bound = Math.imul(range >>> 11, prob);
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[p] = prob + ((2048 - prob) >>> 5);
            // Short rep: one byte from rep0.
            if (outPos >= outEnd) {
              status = outPos >= knownSize ? DATA_AFTER_SIZE : OUTPUT_LIMIT;
              break;
            }
            state = state < 7 ? 9 : 11;
            prevByte = out[outPos - rep0 - 1]!;
            out[outPos++] = prevByte;
            continue;
          }
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[p] = prob - (prob >>> 5);
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[p] = prob - (prob >>> 5);
          // ---- isRepG1[state] ----
          p = IS_REP_G1 + state;
          prob = probs[p]!;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
            inPos++;
          }
          bound = Math.imul(range >>> 11, prob);
          let dist: number;
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[p] = prob + ((2048 - prob) >>> 5);
            dist = rep1;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[p] = prob - (prob >>> 5);
            // ---- isRepG2[state] ----
            p = IS_REP_G2 + state;
            prob = probs[p]!;
            if ((range & TOP_MASK) === 0) {
              range <<= 8;
              code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
              inPos++;
            }
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[p] = prob + ((2048 - prob) >>> 5);
              dist = rep2;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[p] = prob - (prob >>> 5);
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
      }

      // ---- length: choice, choice2, then a 3-bit (low/mid) or 8-bit (high) tree ----
      let len: number;
      p = lenBase;
      prob = probs[p]!;
      if ((range & TOP_MASK) === 0) {
        range <<= 8;
        code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
        inPos++;
      }
      bound = Math.imul(range >>> 11, prob);
      let tree: number;
      let limit: number;
      if ((code ^ SIGN) < (bound ^ SIGN)) {
        range = bound;
        probs[p] = prob + ((2048 - prob) >>> 5);
        tree = lenBase + LEN_LOW + (posState << 3);
        limit = 8;
        len = 0;
      } else {
        range = (range - bound) | 0;
        code = (code - bound) | 0;
        probs[p] = prob - (prob >>> 5);
        p = lenBase + 1;
        prob = probs[p]!;
        if ((range & TOP_MASK) === 0) {
          range <<= 8;
          code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
          inPos++;
        }
        bound = Math.imul(range >>> 11, prob);
        if ((code ^ SIGN) < (bound ^ SIGN)) {
          range = bound;
          probs[p] = prob + ((2048 - prob) >>> 5);
          tree = lenBase + LEN_MID + (posState << 3);
          limit = 8;
          len = 8;
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[p] = prob - (prob >>> 5);
          tree = lenBase + LEN_HIGH;
          limit = 256;
          len = 16;
        }
      }
      sym = 1;
      do {
        p = tree + sym;
        prob = probs[p]!;
        if ((range & TOP_MASK) === 0) {
          range <<= 8;
          code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
          inPos++;
        }
        bound = Math.imul(range >>> 11, prob);
        if ((code ^ SIGN) < (bound ^ SIGN)) {
          range = bound;
          probs[p] = prob + ((2048 - prob) >>> 5);
          sym <<= 1;
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[p] = prob - (prob >>> 5);
          sym = (sym << 1) | 1;
        }
      } while (sym < limit);
      len += sym - limit; // 0..271

      if (isRep) {
        state = state < 7 ? 8 : 11;
      } else {
        // ---- distance: 6-bit slot, then reverse-tree / direct + align bits ----
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        state = state < 7 ? 7 : 10;
        tree = POS_SLOT + ((len < 4 ? len : 3) << 6);
        sym = 1;
        do {
          p = tree + sym;
          prob = probs[p]!;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
            inPos++;
          }
          bound = Math.imul(range >>> 11, prob);
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[p] = prob + ((2048 - prob) >>> 5);
            sym <<= 1;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[p] = prob - (prob >>> 5);
            sym = (sym << 1) | 1;
          }
        } while (sym < 64);
        const slot = sym - 64;
        let dist: number;
        if (slot < 4) {
          dist = slot;
        } else {
          const numBits = (slot >>> 1) - 1;
          dist = (2 | (slot & 1)) << numBits; // negative for slots 62, 63: distances >= 2^31
          let extra = 0;
          if (slot < 14) {
            // Reverse bit tree over SPEC_POS[dist - slot + m].
            tree = SPEC_POS + dist - slot;
            let m = 1;
            for (let i = 0; i < numBits; i++) {
              p = tree + m;
              prob = probs[p]!;
              if ((range & TOP_MASK) === 0) {
                range <<= 8;
                code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
                inPos++;
              }
              bound = Math.imul(range >>> 11, prob);
              if ((code ^ SIGN) < (bound ^ SIGN)) {
                range = bound;
                probs[p] = prob + ((2048 - prob) >>> 5);
                m <<= 1;
              } else {
                range = (range - bound) | 0;
                code = (code - bound) | 0;
                probs[p] = prob - (prob >>> 5);
                m = (m << 1) | 1;
                extra |= 1 << i;
              }
            }
          } else {
            // Direct bits (probability 1/2), then 4 align bits in a reverse tree.
            for (let i = numBits - 4; i > 0; i--) {
              if ((range & TOP_MASK) === 0) {
                range <<= 8;
                code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
                inPos++;
              }
              range >>>= 1;
              if ((code ^ SIGN) >= (range ^ SIGN)) {
                code = (code - range) | 0;
                extra = (extra << 1) | 1;
              } else {
                extra <<= 1;
              }
            }
            extra <<= 4;
            let m = 1;
            for (let i = 0; i < 4; i++) {
              p = ALIGN + m;
              prob = probs[p]!;
              if ((range & TOP_MASK) === 0) {
                range <<= 8;
                code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
                inPos++;
              }
              bound = Math.imul(range >>> 11, prob);
              if ((code ^ SIGN) < (bound ^ SIGN)) {
                range = bound;
                probs[p] = prob + ((2048 - prob) >>> 5);
                m <<= 1;
              } else {
                range = (range - bound) | 0;
                code = (code - bound) | 0;
                probs[p] = prob - (prob >>> 5);
                m = (m << 1) | 1;
                extra |= 1 << i;
              }
            }
          }
          dist = (dist + extra) | 0;
        }
        if (dist === -1) {
          // 0xffffffff: the end marker.
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | (inPos < inLen ? input[inPos]! : 0);
            inPos++;
          }
          this.finishedOk = code === 0;
          status = END_MARKER;
          break;
        }
        rep0 = dist;
        if (dist < 0 || dist >= outPos) {
          status = CORRUPT;
          this.errorAt = inPos;
          break;
        }
      }

      // ---- copy the match ----
      len += 2;
      if (outPos + len > outEnd) {
        // At the cap: copy what fits, then stop.
        let src = outPos - rep0 - 1;
        while (outPos < outEnd) out[outPos++] = out[src++]!;
        status = outPos >= knownSize ? DATA_AFTER_SIZE : OUTPUT_LIMIT;
        break;
      }
      let src = outPos - rep0 - 1;
      const end = outPos + len;
      if (rep0 >= len && len > 32) {
        out.copyWithin(outPos, src, src + len);
        outPos = end;
      } else {
        while (outPos < end) out[outPos++] = out[src++]!;
      }
      prevByte = out[outPos - 1]!;
    }

    if (status !== MORE && status !== TRUNCATED && inPos > inLen) {
      // The symbol that stopped us was decoded from bytes past the end: truncation, not damage.
      outPos = symOut;
      this.errorAt = inLen;
      status = TRUNCATED;
    }
    this.outPos = outPos;
    this.inPos = inPos;
    this.range = range;
    this.code = code;
    this.state = state;
    this.rep0 = rep0;
    this.rep1 = rep1;
    this.rep2 = rep2;
    this.rep3 = rep3;
    return status;
  }
}

/** A zeroed buffer, or null when the engine cannot allocate it (the core never throws). */
export function allocate(n: number): Uint8Array | null {
  try {
    return new Uint8Array(n);
  } catch {
    return null;
  }
}

function readLE32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
