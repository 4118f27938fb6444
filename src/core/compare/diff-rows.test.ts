/**
 * The rows of the unified and side-by-side views: every line of every hunk appears once on its
 * side, in order; side by side pairs each change's deleted lines with its inserted ones; both
 * views find the same changes for next / previous.
 */
import { describe, expect, it } from 'vitest';
import {
  changeStarts,
  diffRows,
  ROW_ADD,
  ROW_CHANGE,
  ROW_DEL,
  ROW_HUNK,
  ROW_SAME,
  splitRows,
  type DiffRows,
} from './diff-rows';
import { diffLines, hunks, splitLines, type Hunk } from './line-diff';

const enc = new TextEncoder();

function diffOf(a: string[], b: string[], context = 3): Hunk[] {
  const la = splitLines(enc.encode(a.map((l) => l + '\n').join('')));
  const lb = splitLines(enc.encode(b.map((l) => l + '\n').join('')));
  return hunks(diffLines(la, lb), la.count, lb.count, context);
}

/** Each side's line numbers in row order (hunk rows and absent lines skipped). */
function column(rows: DiffRows, side: 'a' | 'b'): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.kind.length; i++) {
    const v = rows[side][i]!;
    if (rows.kind[i] !== ROW_HUNK && v >= 0) out.push(v);
  }
  return out;
}

function hunkLines(list: Hunk[], side: 'a' | 'b'): number[] {
  const out: number[] = [];
  for (const h of list) {
    const from = side === 'a' ? h.a : h.b;
    const count = side === 'a' ? h.aLines : h.bLines;
    for (let i = 0; i < count; i++) out.push(from + i);
  }
  return out;
}

const base = Array.from({ length: 60 }, (_, i) => `line ${i}`);
const cases: [string, string[]][] = [
  ['replace 2 by 3', [...base.slice(0, 10), 'x', 'y', 'z', ...base.slice(12)]],
  ['replace 3 by 1', [...base.slice(0, 10), 'x', ...base.slice(13)]],
  ['insert only', [...base.slice(0, 5), 'new', ...base.slice(5)]],
  ['delete only', [...base.slice(0, 30), ...base.slice(33)]],
  ['far apart', [...base.slice(0, 2), 'a', ...base.slice(3, 50), 'b', 'c', ...base.slice(50)]],
];

describe('diff rows', () => {
  it.each(cases)('%s: each side once, in order, in both views', (_name, b) => {
    const list = diffOf(base, b);
    for (const rows of [diffRows(list), splitRows(list)]) {
      expect(column(rows, 'a')).toEqual(hunkLines(list, 'a'));
      expect(column(rows, 'b')).toEqual(hunkLines(list, 'b'));
      expect([...rows.kind].filter((k) => k === ROW_HUNK)).toHaveLength(list.length);
    }
    expect(changeStarts(splitRows(list))).toHaveLength(changeStarts(diffRows(list)).length);
  });

  it('side by side pairs deleted lines with inserted ones, the rest alone', () => {
    const list = diffOf(base, [...base.slice(0, 10), 'x', 'y', 'z', ...base.slice(12)], 1);
    const rows = splitRows(list);
    const kinds = [...rows.kind];
    expect(kinds).toEqual([ROW_HUNK, ROW_SAME, ROW_CHANGE, ROW_CHANGE, ROW_ADD, ROW_SAME]);
    expect([...rows.a]).toEqual([0, 9, 10, 11, -1, 12]);
    expect([...rows.b]).toEqual([0, 9, 10, 11, 12, 13]);
    const fewer = splitRows(diffOf(base, [...base.slice(0, 10), 'x', ...base.slice(13)], 0));
    expect([...fewer.kind]).toEqual([ROW_HUNK, ROW_CHANGE, ROW_DEL, ROW_DEL]);
  });

  it('unified rows: deletions before insertions, one change start per run', () => {
    const list = diffOf(base, [...base.slice(0, 10), 'x', 'y', 'z', ...base.slice(12)], 0);
    const rows = diffRows(list);
    expect([...rows.kind]).toEqual([ROW_HUNK, ROW_DEL, ROW_DEL, ROW_ADD, ROW_ADD, ROW_ADD]);
    expect(changeStarts(rows)).toEqual([1]);
  });
});
