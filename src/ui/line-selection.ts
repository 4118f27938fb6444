/** GitHub-style line selection: click selects one line, shift-click extends from the anchor. */
import type { LineRange } from './share/url-state';

export interface LineSelection {
  range: LineRange;
  /** The line the selection grows from (the last plain click). */
  anchor: number;
}

export function clickLine(prev: LineSelection | null, line: number, shift: boolean): LineSelection {
  if (shift && prev) {
    const a = prev.anchor;
    return { range: { start: Math.min(a, line), end: Math.max(a, line) }, anchor: a };
  }
  return { range: { start: line, end: line }, anchor: line };
}

/** Keep a range (e.g. from the URL) inside a file of `lineCount` lines; null when fully outside. */
export function clampRange(r: LineRange | null, lineCount: number): LineRange | null {
  if (!r || lineCount < 1 || r.start > lineCount) return null;
  return { start: Math.max(1, r.start), end: Math.min(lineCount, r.end) };
}

export const inRange = (r: LineRange | null, line: number): boolean =>
  r !== null && line >= r.start && line <= r.end;

export function selectionFromRange(r: LineRange | null): LineSelection | null {
  return r ? { range: r, anchor: r.start } : null;
}

/** The label shown next to a selection: "L10-L20" or "L7" (GitHub style; display only). */
export function lineLabel(r: LineRange): string {
  return r.start === r.end ? `L${r.start}` : `L${r.start}-L${r.end}`;
}
