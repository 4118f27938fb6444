/**
 * A line diff, unified (one column, as diff -u) or side by side: hunk headers, then context,
 * deleted and inserted lines with line numbers from both sides and C highlighting. Rows are
 * virtualised and tokenised only when visible. Keys n / p (or the buttons) jump to the next /
 * previous change. A click on a line number picks lines on that side (shift-click extends); they go
 * into the link.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { DiffLayout, DiffLines } from '../../compare-state';
import type { LineDiffReply } from '../../../worker/compare-protocol';
import { VirtualList, type VirtualListHandle } from '../VirtualList';
import { renderDiffRow, type RowContext } from './line-diff-rows';
import { useChangeJump } from './use-change-jump';
import { useDiffText } from './use-diff-text';
import { nameText } from '../Name';

const LINE_HEIGHT = 18;

interface Props {
  reply: LineDiffReply;
  lines: DiffLines | null;
  layout: DiffLayout;
  onLines: (l: DiffLines | null) => void;
  onLayout: (l: DiffLayout) => void;
}

interface ToolsProps {
  changes: number;
  hunks: number;
  layout: DiffLayout;
  onLayout: (l: DiffLayout) => void;
  jump: (dir: 1 | -1) => void;
}

function DiffTools({ changes, hunks, layout, onLayout, jump }: ToolsProps) {
  return (
    <div className="diff-tools">
      <span className="muted">
        {changes} change{changes === 1 ? '' : 's'} · {hunks} hunk
        {hunks === 1 ? '' : 's'}
      </span>
      <span className="seg" role="group" aria-label="Line diff layout">
        {(['unified', 'split'] as const).map((l) => (
          <button
            key={l}
            type="button"
            className="btn small"
            aria-pressed={layout === l}
            onClick={() => onLayout(l)}
          >
            {l === 'unified' ? 'Unified' : 'Side by side'}
          </button>
        ))}
      </span>
      <button type="button" className="btn small" onClick={() => jump(-1)} aria-keyshortcuts="p">
        Previous change
      </button>
      <button type="button" className="btn small" onClick={() => jump(1)} aria-keyshortcuts="n">
        Next change
      </button>
    </div>
  );
}

/** The marks benchmarks wait for, and a link's lines scrolled into view once. */
function useDiffOnScreen(
  reply: LineDiffReply,
  rows: RowContext['text']['rows'],
  lines: DiffLines | null,
  list: RefObject<VirtualListHandle | null>,
) {
  // A link's lines: scroll to the first of them once.
  useEffect(() => {
    if (!lines) return;
    const side = lines.side === 'a' ? rows.a : rows.b;
    const row = side.findIndex((v) => v === lines.start - 1);
    if (row >= 0) list.current?.scrollToIndex(Math.max(0, row - 3), 'start');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reply]);
  // The line diff is on screen: what the compare benchmark times.
  useEffect(() => {
    if (performance.getEntriesByName('khi:linediff-ready').length === 0)
      performance.mark('khi:linediff-ready');
  }, [reply]);
}

export function LineDiffView({ reply, lines, layout, onLines, onLayout }: Props) {
  const text = useDiffText(reply, layout);
  const { rows, starts, gutter, longest } = text;
  const split = layout === 'split';
  const list = useRef<VirtualListHandle>(null);
  const { jump, onKeyDown } = useChangeJump(rows, starts, list);
  useDiffOnScreen(reply, rows, lines, list);
  const pick = (side: 'a' | 'b', n: number, shift: boolean): void => {
    if (shift && lines?.side === side)
      onLines({ side, start: Math.min(lines.start, n), end: Math.max(lines.end, n) });
    else onLines({ side, start: n, end: n });
  };
  const ctx: RowContext = { text, hunks: reply.hunks, lines, pick };

  if (reply.binary) return <p className="pad">Binary files differ.</p>;
  if (rows.kind.length === 0)
    return (
      <p className="pad muted">
        No line differences{reply.a === null || reply.b === null ? ' (one side has no readable file)' : ''}.
      </p>
    );
  const half = `calc(${gutter + longest + 4}ch + 16px)`;
  return (
    <div className="linediff-wrap">
      <DiffTools
        changes={starts.length}
        hunks={reply.hunks.length}
        layout={layout}
        onLayout={onLayout}
        jump={jump}
      />
      <VirtualList
        ref={list}
        className={`code linediff${split ? ' split' : ''}`}
        role="table"
        aria-label={`Line diff of ${nameText(reply.path)}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        count={rows.kind.length}
        rowHeight={LINE_HEIGHT}
        overscan={20}
        contentWidth={split ? `calc(2 * ${half})` : `calc(${gutter * 2 + longest + 8}ch + 32px)`}
        style={{ ['--gutter' as string]: `${gutter}ch`, ['--half' as string]: half }}
        renderRow={(i, style) => renderDiffRow(i, style, split, ctx)}
      />
    </div>
  );
}
