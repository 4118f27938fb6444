/**
 * A line diff flattened into the rows a virtualised view shows: a header row per hunk, then its
 * context, deleted and inserted lines, each with its line index on either side. Typed arrays, so
 * a 2 MB header's rows cross from the worker without a copy.
 */
import { forEachHunkLine, type Hunk } from './line-diff';

export const ROW_HUNK = 0;
export const ROW_SAME = 1;
export const ROW_DEL = 2;
export const ROW_ADD = 3;

export interface DiffRows {
  /** ROW_HUNK, ROW_SAME, ROW_DEL or ROW_ADD. */
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

/** Row indexes where a run of changed lines starts (for next / previous change). */
export function changeStarts(rows: DiffRows): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.kind.length; i++) {
    const k = rows.kind[i]!;
    const prev = i > 0 ? rows.kind[i - 1]! : ROW_HUNK;
    if ((k === ROW_DEL || k === ROW_ADD) && prev !== ROW_DEL && prev !== ROW_ADD) out.push(i);
  }
  return out;
}
