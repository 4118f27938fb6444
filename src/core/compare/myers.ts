/**
 * Myers' O(ND) difference algorithm in linear space (E. Myers, "An O(ND) Difference Algorithm and
 * Its Variations", 1986): search from both ends for the middle snake, split, recurse. Written to
 * make the same choices as GNU diff (diffutils analyze.c / gnulib diffseq.h), so `diff -u` over
 * the extracted archives prints the same hunks:
 *   - lines that occur nowhere in the other file are set aside before the search
 *     ("discard confusing lines"), and so are runs of very common lines between them;
 *   - past ~√N edit steps the search settles for a good-enough split (GNU's `too_expensive`);
 *   - afterwards each run of changes slides down over equal lines and merges with its neighbours
 *     ("shift boundaries").
 *
 * Input: each line as an equivalence-class number > 0 (equal lines, equal numbers). Output: one
 * changed flag per line of each side, with a 0 sentinel on both ends (index i + 1 is line i).
 */

interface ChangedFlags {
  /** changedA[i + 1] = 1 when line i of A is deleted; [0] and [n + 1] are sentinels (0). */
  a: Uint8Array;
  b: Uint8Array;
}

interface Side {
  equivs: Int32Array;
  changed: Uint8Array;
  /** Classes of the lines kept for the search, and where each one came from. */
  undiscarded: Int32Array;
  realIndex: Int32Array;
  kept: number;
}

export function diffClasses(a: Int32Array, b: Int32Array): ChangedFlags {
  const sides: [Side, Side] = [side(a), side(b)];
  discardConfusingLines(sides, Math.max(maxOf(a), maxOf(b)) + 1);
  const [x, y] = sides;
  const diags = x.kept + y.kept + 3;
  let tooExpensive = 1;
  for (let d = diags; d !== 0; d >>= 2) tooExpensive <<= 1;
  const search = new Search(x, y, Math.max(4096, tooExpensive));
  search.compare(0, x.kept, 0, y.kept, false);
  shiftBoundaries(x, y);
  shiftBoundaries(y, x);
  return { a: x.changed, b: y.changed };
}

function side(equivs: Int32Array): Side {
  const n = equivs.length;
  return {
    equivs,
    changed: new Uint8Array(n + 2),
    undiscarded: new Int32Array(n),
    realIndex: new Int32Array(n),
    kept: 0,
  };
}

function maxOf(v: Int32Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) if (v[i]! > m) m = v[i]!;
  return m;
}

/** The middle-snake search over the kept lines; `fd`/`bd` are indexed by diagonal x − y. */
class Search {
  private readonly xv: Int32Array;
  private readonly yv: Int32Array;
  private readonly fd: Int32Array;
  private readonly bd: Int32Array;
  private readonly off: number;
  private xmid = 0;
  private ymid = 0;
  private loMinimal = true;
  private hiMinimal = true;

  constructor(
    private readonly x: Side,
    private readonly y: Side,
    private readonly tooExpensive: number,
  ) {
    this.xv = x.undiscarded;
    this.yv = y.undiscarded;
    this.off = y.kept + 1;
    const size = x.kept + y.kept + 3;
    this.fd = new Int32Array(size);
    this.bd = new Int32Array(size);
  }

  /** Mark the changes between kept lines [xoff, xlim) and [yoff, ylim). Iterative on the right half. */
  compare(xoff: number, xlim: number, yoff: number, ylim: number, minimal: boolean): void {
    const { xv, yv } = this;
    for (;;) {
      while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
        xoff++;
        yoff++;
      }
      while (xlim > xoff && ylim > yoff && xv[xlim - 1] === yv[ylim - 1]) {
        xlim--;
        ylim--;
      }
      if (xoff === xlim) {
        while (yoff < ylim) this.y.changed[this.y.realIndex[yoff++]! + 1] = 1;
        return;
      }
      if (yoff === ylim) {
        while (xoff < xlim) this.x.changed[this.x.realIndex[xoff++]! + 1] = 1;
        return;
      }
      this.diag(xoff, xlim, yoff, ylim, minimal);
      const { xmid, ymid, hiMinimal } = this;
      this.compare(xoff, xmid, yoff, ymid, this.loMinimal);
      [xoff, yoff, minimal] = [xmid, ymid, hiMinimal];
    }
  }

  // eslint-disable-next-line max-lines-per-function -- Long on purpose: the inner loop of Myers' middle-snake search (diff.c diag), kept whole as GNU diff keeps it.
  private diag(xoff: number, xlim: number, yoff: number, ylim: number, minimal: boolean): void {
    const { xv, yv, fd, bd, off } = this;
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd[fmid + off] = xoff;
    bd[bmid + off] = xlim;
    for (let c = 1; ; c++) {
      if (fmin > dmin) fd[--fmin - 1 + off] = -1;
      else ++fmin;
      if (fmax < dmax) fd[++fmax + 1 + off] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd[d - 1 + off]!;
        const thi = fd[d + 1 + off]!;
        let x = tlo >= thi ? tlo + 1 : thi;
        let y = x - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        fd[d + off] = x;
        if (odd && bmin <= d && d <= bmax && bd[d + off]! <= x) return this.split(x, y, true, true);
      }
      if (bmin > dmin) bd[--bmin - 1 + off] = 0x7fffffff;
      else ++bmin;
      if (bmax < dmax) bd[++bmax + 1 + off] = 0x7fffffff;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd[d - 1 + off]!;
        const thi = bd[d + 1 + off]!;
        let x = tlo < thi ? tlo : thi - 1;
        let y = x - d;
        while (x > xoff && y > yoff && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        bd[d + off] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[d + off]!) return this.split(x, y, true, true);
      }
      if (!minimal && c >= this.tooExpensive) {
        // Gone well beyond the call of duty: split at the furthest point either search reached.
        let fxy = -1;
        let fx = 0;
        for (let d = fmax; d >= fmin; d -= 2) {
          let x = Math.min(fd[d + off]!, xlim);
          let y = x - d;
          if (ylim < y) [x, y] = [ylim + d, ylim];
          if (fxy < x + y) [fxy, fx] = [x + y, x];
        }
        let bxy = 0x7fffffff;
        let bx = 0;
        for (let d = bmax; d >= bmin; d -= 2) {
          let x = Math.max(xoff, bd[d + off]!);
          let y = x - d;
          if (y < yoff) [x, y] = [yoff + d, yoff];
          if (x + y < bxy) [bxy, bx] = [x + y, x];
        }
        if (xlim + ylim - bxy < fxy - (xoff + yoff)) return this.split(fx, fxy - fx, true, false);
        return this.split(bx, bxy - bx, false, true);
      }
    }
  }

  private split(x: number, y: number, lo: boolean, hi: boolean): void {
    this.xmid = x;
    this.ymid = y;
    this.loMinimal = lo;
    this.hiMinimal = hi;
  }
}

/**
 * Lines with no match in the other file are changes for sure: mark them and leave them out of the
 * search. Lines matching very many others ("provisional") go too, but only inside a run of sure
 * discards. The thresholds are GNU diff's.
 */
function discardConfusingLines(sides: [Side, Side], classes: number): void {
  const counts = [new Int32Array(classes), new Int32Array(classes)];
  sides.forEach((s, f) => {
    for (let i = 0; i < s.equivs.length; i++) counts[f]![s.equivs[i]!]!++;
  });
  const discards = sides.map((s, f) => {
    const end = s.equivs.length;
    const other = counts[1 - f]!;
    const out = new Uint8Array(end);
    let many = 5;
    for (let tem = Math.floor(end / 64); (tem >>= 2) > 0;) many *= 2;
    for (let i = 0; i < end; i++) {
      const n = other[s.equivs[i]!]!;
      if (n === 0) out[i] = 1;
      else if (n > many) out[i] = 2;
    }
    return out;
  });
  for (const d of discards) settleProvisional(d);
  sides.forEach((s, f) => {
    const d = discards[f]!;
    let j = 0;
    for (let i = 0; i < d.length; i++) {
      if (d[i] === 0) {
        s.undiscarded[j] = s.equivs[i]!;
        s.realIndex[j++] = i;
      } else s.changed[i + 1] = 1;
    }
    s.kept = j;
  });
}

/** Keep a provisional discard only inside a run of discards that starts and ends with sure ones. */
function settleProvisional(d: Uint8Array): void {
  const end = d.length;
  for (let i = 0; i < end; i++) {
    if (d[i] === 2) {
      d[i] = 0;
      continue;
    }
    if (d[i] === 0) continue;
    let provisional = 0;
    let j = i;
    for (; j < end && d[j] !== 0; j++) if (d[j] === 2) provisional++;
    while (j > i && d[j - 1] === 2) {
      d[--j] = 0;
      provisional--;
    }
    const length = j - i;
    if (provisional * 4 > length) {
      while (j > i) if (d[--j] === 2) d[j] = 0;
      continue;
    }
    let minimum = 1;
    for (let tem = length >> 2; (tem >>= 2) > 0;) minimum <<= 1;
    minimum++;
    for (let k = 0, consec = 0; k < length; k++) {
      if (d[i + k] !== 2) consec = 0;
      else if (minimum === ++consec) k -= consec;
      else if (minimum < consec) d[i + k] = 0;
    }
    trimRunEnd(d, i, length, 1);
    i += length - 1;
    trimRunEnd(d, i, length, -1);
  }
}

/** From one end of a run, cancel provisionals until three sure discards in a row (or 8 lines in). */
function trimRunEnd(d: Uint8Array, at: number, length: number, step: 1 | -1): void {
  for (let k = 0, consec = 0; k < length; k++) {
    const p = at + k * step;
    if (k >= 8 && d[p] === 1) break;
    if (d[p] === 2) {
      consec = 0;
      d[p] = 0;
    } else if (d[p] === 0) consec = 0;
    else consec++;
    if (consec === 3) break;
  }
}

/**
 * Slide each run of changes over equal neighbouring lines: back to merge with earlier runs, then
 * forward as far as it goes, then back again to line up with a run in the other file if possible.
 * `changed` arrays are offset by one (sentinels at both ends).
 */
function shiftBoundaries(s: Side, o: Side): void {
  const ch = s.changed;
  const oc = o.changed;
  const eq = s.equivs;
  const end = eq.length;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < end && !ch[i + 1]) {
      while (oc[1 + j++]) continue;
      i++;
    }
    if (i === end) return;
    let start = i;
    while (ch[1 + ++i]) continue;
    while (oc[1 + j]) j++;
    let runLength: number;
    let corresponding: number;
    do {
      runLength = i - start;
      while (start && eq[start - 1] === eq[i - 1]) {
        ch[1 + --start] = 1;
        ch[1 + --i] = 0;
        while (ch[start]) start--;
        while (oc[1 + --j]) continue;
      }
      corresponding = oc[j] ? i : end;
      while (i !== end && eq[start] === eq[i]) {
        ch[1 + start++] = 0;
        ch[1 + i++] = 1;
        while (ch[1 + i]) i++;
        while (oc[1 + ++j]) corresponding = i;
      }
    } while (runLength !== i - start);
    while (corresponding < i) {
      ch[1 + --start] = 1;
      ch[1 + --i] = 0;
      while (oc[1 + --j]) continue;
    }
  }
}
