/**
 * A line diff flattened into the rows a virtualised view shows: a header row per hunk, then its
 * context, deleted and inserted lines, each with its line index on either side. Typed arrays, so
 * a 2 MB header's rows cross from the worker without a copy. `splitRows` gives the side-by-side
 * rows: each change's deleted lines beside its inserted ones.
 */
import { forEachHunkLine, type Hunk } from './line-diff';

export const ROW_HUNK = 0;
export const ROW_SAME = 1;
export const ROW_DEL = 2;
export const ROW_ADD = 3;
/** Side by side only: a deleted line of A beside an inserted line of B. */
export const ROW_CHANGE = 4;

export interface DiffRows {
  /** ROW_HUNK, ROW_SAME, ROW_DEL, ROW_ADD (or, side by side, ROW_CHANGE). */
  kind: Uint8Array;
  /** 0-based line in A (-1 for an inserted line); for a hunk row, the hunk's index. */
  a: Int32Array;
  /** 0-based line in B (-1 for a deleted line); for a hunk row, the hunk's index. */
  b: Int32Array;
}

export function diffRows(list: readonly Hunk[]): DiffRows {
  let n = list.length;
  for (const h of list) {
    n += h.aLines;
    for (const c of h.changes) n += c.inserted;
  }
  const kind = new Uint8Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  let r = 0;
  list.forEach((h, hi) => {
    kind[r] = ROW_HUNK;
    a[r] = b[r] = hi;
    r++;
    forEachHunkLine(h, (k, ia, ib) => {
      kind[r] = k === ' ' ? ROW_SAME : k === '-' ? ROW_DEL : ROW_ADD;
      a[r] = k === '+' ? -1 : ia;
      b[r] = k === '-' ? -1 : ib;
      r++;
    });
  });
  return { kind, a, b };
}

/**
 * Side-by-side rows: context lines on both sides; within each change, deleted line k of A beside
 * inserted line k of B (ROW_CHANGE), then the longer side's rest alone (ROW_DEL or ROW_ADD).
 */
export function splitRows(list: readonly Hunk[]): DiffRows {
  let n = list.length;
  for (const h of list) {
    n += h.aLines; // context and deleted lines
    for (const c of h.changes) n += Math.max(0, c.inserted - c.deleted);
  }
  const kind = new Uint8Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  let r = 0;
  const row = (k: number, ia: number, ib: number): void => {
    kind[r] = k;
    a[r] = ia;
    b[r] = ib;
    r++;
  };
  list.forEach((h, hi) => {
    row(ROW_HUNK, hi, hi);
    let ia = h.a;
    let ib = h.b;
    for (const c of h.changes) {
      while (ia < c.a) row(ROW_SAME, ia++, ib++);
      const both = Math.min(c.deleted, c.inserted);
      for (let k = 0; k < both; k++) row(ROW_CHANGE, ia++, ib++);
      for (let k = both; k < c.deleted; k++) row(ROW_DEL, ia++, -1);
      for (let k = both; k < c.inserted; k++) row(ROW_ADD, -1, ib++);
    }
    while (ia < h.a + h.aLines) row(ROW_SAME, ia++, ib++);
  });
  return { kind, a, b };
}

const isChange = (k: number): boolean => k === ROW_DEL || k === ROW_ADD || k === ROW_CHANGE;

/** Row indexes where a run of changed lines starts (for next / previous change). */
export function changeStarts(rows: DiffRows): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.kind.length; i++) {
    if (isChange(rows.kind[i]!) && (i === 0 || !isChange(rows.kind[i - 1]!))) out.push(i);
  }
  return out;
}
