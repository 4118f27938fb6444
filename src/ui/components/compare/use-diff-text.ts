/** A line diff's two texts as lines, their lexer states, the rows of the chosen layout and the widths. */
import { useMemo } from 'react';
import { changeStarts, splitRows, type DiffRows } from '../../../core/compare/diff-rows';
import { lineStates } from '../../c-tokenize';
import type { DiffLayout } from '../../compare-state';
import { longestLine, splitLines } from '../../text-lines';
import type { LineDiffReply } from '../../../worker/compare-protocol';

export interface DiffText {
  a: string[];
  b: string[];
  /** The lexer state at the start of each line of A and of B (comments span lines). */
  sa: Uint8Array;
  sb: Uint8Array;
  rows: DiffRows;
  /** The rows where a change starts (n / p jump between them). */
  starts: number[];
  /** Characters of the line-number column. */
  gutter: number;
  /** Characters of the longest line of either side. */
  longest: number;
}

const linesOf = (text: string | null): string[] => (text === null ? [] : splitLines(text));

export function useDiffText(reply: LineDiffReply, layout: DiffLayout): DiffText {
  const a = useMemo(() => linesOf(reply.a), [reply.a]);
  const b = useMemo(() => linesOf(reply.b), [reply.b]);
  const sa = useMemo(() => lineStates(a), [a]);
  const sb = useMemo(() => lineStates(b), [b]);
  const split = layout === 'split';
  const rows = useMemo(() => (split ? splitRows(reply.hunks) : reply.rows), [split, reply]);
  const starts = useMemo(() => changeStarts(rows), [rows]);
  const longest = useMemo(() => longestLine(a, b), [a, b]);
  const gutter = String(Math.max(a.length, b.length)).length + 1;
  return { a, b, sa, sb, rows, starts, gutter, longest };
}
