/** A line diff's two texts as lines, their lexer states, the rows of the chosen layout and the widths. */
import { useMemo } from 'react';
import { changeStarts, splitRows, type DiffRows } from '../../../core/compare/diff-rows';
import { lineStates } from '../../c-tokenize';
import type { DiffLayout } from '../../compare-state';
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

function splitText(text: string | null): string[] {
  if (text === null) return [];
  const l = text.split('\n');
  if (l.length > 1 && l[l.length - 1] === '') l.pop();
  return l;
}

// A loop, not Math.max(...lines): a 2 MB header has more lines than a call may have arguments.
function longestLine(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  for (const l of a) n = Math.max(n, l.length);
  for (const l of b) n = Math.max(n, l.length);
  return n;
}

export function useDiffText(reply: LineDiffReply, layout: DiffLayout): DiffText {
  const a = useMemo(() => splitText(reply.a), [reply.a]);
  const b = useMemo(() => splitText(reply.b), [reply.b]);
  const sa = useMemo(() => lineStates(a), [a]);
  const sb = useMemo(() => lineStates(b), [b]);
  const split = layout === 'split';
  const rows = useMemo(() => (split ? splitRows(reply.hunks) : reply.rows), [split, reply]);
  const starts = useMemo(() => changeStarts(rows), [rows]);
  const longest = useMemo(() => longestLine(a, b), [a, b]);
  const gutter = String(Math.max(a.length, b.length)).length + 1;
  return { a, b, sa, sb, rows, starts, gutter, longest };
}
