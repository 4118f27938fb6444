/**
 * A line diff, unified (one column, as diff -u) or side by side: hunk headers, then context,
 * deleted and inserted lines with line numbers from both sides and C highlighting. Rows are
 * virtualised and tokenised only when visible. Keys n / p (or the buttons) jump to the next /
 * previous change. A click on a line number picks lines on that side (shift-click extends); they go
 * into the link.
 */
import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import {
  changeStarts,
  ROW_ADD,
  ROW_CHANGE,
  ROW_DEL,
  ROW_HUNK,
  splitRows,
} from '../../../core/compare/diff-rows';
import { hunkHeader } from '../../../core/compare/unified';
import { lineStates, tokenizeLine, type LexState } from '../../c-tokenize';
import type { DiffLayout, DiffLines } from '../../compare-state';
import type { LineDiffReply } from '../../../worker/compare-protocol';
import { VirtualList, type VirtualListHandle } from '../VirtualList';

const LINE_HEIGHT = 18;

function splitText(text: string | null): string[] {
  if (text === null) return [];
  const l = text.split('\n');
  if (l.length > 1 && l[l.length - 1] === '') l.pop();
  return l;
}

const Code = memo(function Code({ text, state }: { text: string; state: LexState }) {
  if (text.length > 4000) return <>{text}</>;
  return (
    <>
      {tokenizeLine(text, state).tokens.map((t, i) =>
        t.kind === 'plain' ? (
          t.text
        ) : (
          <span key={i} className={`tk-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
    </>
  );
});

interface Props {
  reply: LineDiffReply;
  lines: DiffLines | null;
  layout: DiffLayout;
  onLines: (l: DiffLines | null) => void;
  onLayout: (l: DiffLayout) => void;
}

/** One side of a line: its number (a click picks it), its sign and its code. */
interface Cell {
  side: 'a' | 'b';
  /** 0-based line on that side; -1 when the row has none there. */
  at: number;
  sign: '-' | '+' | ' ';
}

export function LineDiffView({ reply, lines, layout, onLines, onLayout }: Props) {
  const a = useMemo(() => splitText(reply.a), [reply.a]);
  const b = useMemo(() => splitText(reply.b), [reply.b]);
  const sa = useMemo(() => lineStates(a), [a]);
  const sb = useMemo(() => lineStates(b), [b]);
  const split = layout === 'split';
  const rows = useMemo(() => (split ? splitRows(reply.hunks) : reply.rows), [split, reply]);
  const { kind, a: ra, b: rb } = rows;
  const starts = useMemo(() => changeStarts(rows), [rows]);
  const list = useRef<VirtualListHandle>(null);
  const at = useRef(-1);
  const gutter = String(Math.max(a.length, b.length)).length + 1;
  // A loop, not Math.max(...lines): a 2 MB header has more lines than a call may have arguments.
  const longest = useMemo(() => {
    let n = 0;
    for (const l of a) n = Math.max(n, l.length);
    for (const l of b) n = Math.max(n, l.length);
    return n;
  }, [a, b]);

  // A link's lines: scroll to the first of them once.
  useEffect(() => {
    if (!lines) return;
    const side = lines.side === 'a' ? ra : rb;
    const row = side.findIndex((v) => v === lines.start - 1);
    if (row >= 0) list.current?.scrollToIndex(Math.max(0, row - 3), 'start');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reply]);
  // The line diff is on screen: what the compare benchmark times.
  useEffect(() => {
    if (performance.getEntriesByName('khi:linediff-ready').length === 0)
      performance.mark('khi:linediff-ready');
  }, [reply]);
  // The same change stays in view when the layout changes.
  useEffect(() => {
    at.current = -1;
  }, [rows]);

  const jump = (dir: 1 | -1): void => {
    if (starts.length === 0) return;
    const next =
      dir > 0 ? starts.find((s) => s > at.current) : [...starts].reverse().find((s) => s < at.current);
    at.current = next ?? (dir > 0 ? starts[0]! : starts[starts.length - 1]!);
    list.current?.scrollToIndex(Math.max(0, at.current - 3), 'start');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'n' || e.key === 'p') {
      e.preventDefault();
      jump(e.key === 'n' ? 1 : -1);
    }
  };
  const pick = (side: 'a' | 'b', n: number, shift: boolean): void => {
    if (shift && lines?.side === side)
      onLines({ side, start: Math.min(lines.start, n), end: Math.max(lines.end, n) });
    else onLines({ side, start: n, end: n });
  };
  const picked = (side: 'a' | 'b', i: number): boolean =>
    lines !== null && lines.side === side && i >= 0 && i + 1 >= lines.start && i + 1 <= lines.end;

  const number = (c: Cell, header: boolean) => (
    <span
      role={header ? 'rowheader' : undefined}
      className="ln"
      onClick={(e) => c.at >= 0 && pick(c.side, c.at + 1, e.shiftKey)}
    >
      {c.at >= 0 ? c.at + 1 : ''}
    </span>
  );
  const sign = (s: Cell['sign']) => (
    <span className="sign" aria-label={s === '-' ? 'deleted' : s === '+' ? 'inserted' : undefined}>
      {s}
    </span>
  );
  const code = (c: Cell) =>
    c.at < 0 ? null : c.side === 'a' ? (
      <Code text={a[c.at] ?? ''} state={sa[c.at] as LexState} />
    ) : (
      <Code text={b[c.at] ?? ''} state={sb[c.at] as LexState} />
    );

  if (reply.binary) return <p className="pad">Binary files differ.</p>;
  if (kind.length === 0)
    return (
      <p className="pad muted">
        No line differences{reply.a === null || reply.b === null ? ' (one side has no readable file)' : ''}.
      </p>
    );
  const tools = (
    <div className="diff-tools">
      <span className="muted">
        {starts.length} change{starts.length === 1 ? '' : 's'} · {reply.hunks.length} hunk
        {reply.hunks.length === 1 ? '' : 's'}
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
  const half = `calc(${gutter + longest + 4}ch + 16px)`;
  return (
    <div className="linediff-wrap">
      {tools}
      <VirtualList
        ref={list}
        className={`code linediff${split ? ' split' : ''}`}
        role="table"
        aria-label={`Line diff of ${reply.path}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        count={kind.length}
        rowHeight={LINE_HEIGHT}
        overscan={20}
        contentWidth={split ? `calc(2 * ${half})` : `calc(${gutter * 2 + longest + 8}ch + 32px)`}
        style={{ ['--gutter' as string]: `${gutter}ch`, ['--half' as string]: half }}
        renderRow={(i, style) => {
          const k = kind[i]!;
          if (k === ROW_HUNK)
            return (
              <div key={i} role="row" className="dline hunk" style={style}>
                <span role="cell" className="ct">
                  {hunkHeader(reply.hunks[ra[i]!]!)}
                </span>
              </div>
            );
          const ia = ra[i]!;
          const ib = rb[i]!;
          const left: Cell = { side: 'a', at: ia, sign: k === ROW_DEL || k === ROW_CHANGE ? '-' : ' ' };
          const right: Cell = { side: 'b', at: ib, sign: k === ROW_ADD || k === ROW_CHANGE ? '+' : ' ' };
          if (split) {
            const cls = (c: Cell): string =>
              `dhalf${c.at < 0 ? ' none' : c.sign === '-' ? ' del' : c.sign === '+' ? ' add' : ''}${picked(c.side, c.at) ? ' sel' : ''}`;
            return (
              <div
                key={i}
                role="row"
                className="dline split"
                style={style}
                data-kind={k}
                data-a={ia + 1}
                data-b={ib + 1}
              >
                {[left, right].map((c) => (
                  <span key={c.side} className={cls(c)} data-side={c.side}>
                    {number(c, c.side === 'a')}
                    {sign(c.at < 0 ? ' ' : c.sign)}
                    <span role="cell" className="ct">
                      {code(c)}
                    </span>
                  </span>
                ))}
              </div>
            );
          }
          const cls = k === ROW_DEL ? 'del' : k === ROW_ADD ? 'add' : 'same';
          const sel = picked('a', ia) || picked('b', ib);
          return (
            <div
              key={i}
              role="row"
              className={`dline ${cls}${sel ? ' sel' : ''}`}
              style={style}
              data-a={ia + 1}
              data-b={ib + 1}
            >
              {number(left, true)}
              {number(right, false)}
              {sign(k === ROW_DEL ? '-' : k === ROW_ADD ? '+' : ' ')}
              <span role="cell" className="ct">
                {code(k === ROW_ADD ? right : left)}
              </span>
            </div>
          );
        }}
      />
    </div>
  );
}
