/**
 * Walk the LZMA2 chunk headers of one block without decoding, to learn its exact compressed and
 * uncompressed sizes, and where the last complete chunk ends when the data is cut or damaged.
 *
 * LZMA2 control byte (liblzma lzma2_decoder.c, xz-embedded xz_dec_lzma2.c):
 *   0x00            end of data
 *   0x01            uncompressed chunk, dictionary reset;  0x02: uncompressed, no reset
 *                   then u16be (size - 1), then the bytes
 *   0x80..0xFF      LZMA chunk: bits 0-4 = bits 16-20 of (uncompressed size - 1),
 *                   bits 5-6 = reset (0 none, 1 state, 2 state + props, 3 everything + dict),
 *                   then u16be low bits of (usize - 1), u16be (csize - 1), [props byte if reset >= 2]
 *   0x03..0x7F      invalid
 * A block's first chunk must reset the dictionary (0x01 or >= 0xE0); an LZMA chunk needs
 * properties (>= 0xC0) first and again after any 0x01 chunk (xz-embedded needs_props rule).
 * Props byte: (pb * 5 + lp) * 9 + lc with lc + lp <= 4, so at most 224.
 */

export interface Lzma2Walk {
  /** Offset just past the last complete chunk (past the end marker when `complete`). */
  end: number;
  complete: boolean;
  /** Uncompressed bytes in the complete chunks. */
  uncompressed: number;
  /** Cumulative ends of the complete chunks: input offsets and output offsets (block-relative). */
  chunkInEnds: number[];
  chunkOutEnds: number[];
  /** Why the walk stopped early (only when !complete). */
  problem?: { kind: 'truncated' | 'corrupt'; offset: number; message: string };
  /** When cut inside a chunk whose header is whole: that chunk's full uncompressed size. */
  pendingOut: number;
}

// eslint-disable-next-line max-lines-per-function -- One loop over the chunk headers, a state machine (dictionary/properties needed): kept whole.
export function walkLzma2(b: Uint8Array, start: number, limit: number): Lzma2Walk {
  let p = start;
  let out = 0;
  let needDict = true;
  let needProps = true;
  const chunkInEnds: number[] = [];
  const chunkOutEnds: number[] = [];
  const stop = (
    kind: 'truncated' | 'corrupt',
    offset: number,
    message: string,
    pendingOut = 0,
  ): Lzma2Walk => ({
    end: p,
    complete: false,
    uncompressed: out,
    chunkInEnds,
    chunkOutEnds,
    problem: { kind, offset, message },
    pendingOut,
  });
  const cut = (pendingOut = 0): Lzma2Walk =>
    stop('truncated', limit, `The input ends inside LZMA2 data (chunk at offset ${p}).`, pendingOut);

  for (;;) {
    if (p >= limit) return cut();
    const c = b[p]!;
    if (c === 0x00) {
      return { end: p + 1, complete: true, uncompressed: out, chunkInEnds, chunkOutEnds, pendingOut: 0 };
    }
    let usize: number;
    let next: number;
    if (c === 0x01 || c === 0x02) {
      if (c === 0x02 && needDict) {
        return stop(
          'corrupt',
          p,
          `LZMA2 chunk at offset ${p} does not reset the dictionary, but the block's first chunk must.`,
        );
      }
      if (p + 3 > limit) return cut();
      usize = ((b[p + 1]! << 8) | b[p + 2]!) + 1;
      next = p + 3 + usize;
      if (c === 0x01) {
        needDict = false;
        needProps = true;
      }
    } else if (c >= 0x80) {
      if (c < 0xe0 && needDict) {
        return stop(
          'corrupt',
          p,
          `LZMA2 chunk at offset ${p} does not reset the dictionary, but the block's first chunk must.`,
        );
      }
      const hasProps = c >= 0xc0;
      if (!hasProps && needProps) {
        return stop('corrupt', p, `LZMA2 chunk at offset ${p} lacks the LZMA properties it needs.`);
      }
      const hdr = hasProps ? 6 : 5;
      if (p + hdr > limit) return cut();
      if (hasProps) {
        const props = b[p + 5]!;
        const lc = props % 9;
        const lp = Math.floor(props / 9) % 5;
        if (props > 224 || lc + lp > 4) {
          return stop(
            'corrupt',
            p + 5,
            `Invalid LZMA properties byte 0x${props.toString(16)} at offset ${p + 5}.`,
          );
        }
      }
      usize = (c & 0x1f) * 65536 + ((b[p + 1]! << 8) | b[p + 2]!) + 1;
      const csize = ((b[p + 3]! << 8) | b[p + 4]!) + 1;
      next = p + hdr + csize;
      needDict = false;
      if (hasProps) needProps = false;
    } else {
      return stop('corrupt', p, `Invalid LZMA2 control byte 0x${c.toString(16)} at offset ${p}.`);
    }
    if (next > limit) return cut(usize);
    p = next;
    out += usize;
    chunkInEnds.push(p);
    chunkOutEnds.push(out);
  }
}

/** Input offset of the chunk that produces block-relative output position `outPos`. */
export function chunkOffsetFor(
  w: Pick<Lzma2Walk, 'chunkInEnds' | 'chunkOutEnds'>,
  dataStart: number,
  outPos: number,
): number {
  let lo = 0;
  let hi = w.chunkOutEnds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.chunkOutEnds[mid]! <= outPos) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? dataStart : (w.chunkInEnds[lo - 1] ?? dataStart);
}
