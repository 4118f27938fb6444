/** The rows of a line diff: a hunk header, a unified line (two numbers, one sign) or a side-by-side pair. */
import { memo, type CSSProperties, type ReactNode } from 'react';
import { ROW_ADD, ROW_CHANGE, ROW_DEL, ROW_HUNK } from '../../../core/compare/diff-rows';
import { hunkHeader } from '../../../core/compare/unified';
import { tokenizeLine, type LexState } from '../../c-tokenize';
import type { DiffLines } from '../../compare-state';
import type { LineDiffReply } from '../../../worker/compare-protocol';
import type { DiffText } from './use-diff-text';
import { ContentText } from '../Name';

/** One side of a line: its number (a click picks it), its sign and its code. */
interface Cell {
  side: 'a' | 'b';
  /** 0-based line on that side; -1 when the row has none there. */
  at: number;
  sign: '-' | '+' | ' ';
}

/** What every row needs: the texts, and the picked lines with the way to pick. */
export interface RowContext {
  text: DiffText;
  hunks: LineDiffReply['hunks'];
  lines: DiffLines | null;
  pick: (side: 'a' | 'b', n: number, shift: boolean) => void;
}

const Code = memo(function Code({ text, state }: { text: string; state: LexState }) {
  if (text.length > 4000) return <ContentText text={text} />;
  const tokens = tokenizeLine(text, state).tokens;
  return (
    <>
      {tokens.map((t, i) => {
        const shown = <ContentText key={i} text={t.text} lineEnd={i === tokens.length - 1} />;
        return t.kind === 'plain' ? (
          shown
        ) : (
          <span key={i} className={`tk-${t.kind}`}>
            {shown}
          </span>
        );
      })}
    </>
  );
});

function picked(lines: DiffLines | null, side: 'a' | 'b', i: number): boolean {
  return lines !== null && lines.side === side && i >= 0 && i + 1 >= lines.start && i + 1 <= lines.end;
}

function LineNo({ c, header, ctx }: { c: Cell; header: boolean; ctx: RowContext }) {
  return (
    <span
      role={header ? 'rowheader' : undefined}
      className="ln"
      onClick={(e) => c.at >= 0 && ctx.pick(c.side, c.at + 1, e.shiftKey)}
    >
      {c.at >= 0 ? c.at + 1 : ''}
    </span>
  );
}

function Sign({ s }: { s: Cell['sign'] }) {
  return (
    <span className="sign" aria-label={s === '-' ? 'deleted' : s === '+' ? 'inserted' : undefined}>
      {s}
    </span>
  );
}

function CellCode({ c, text }: { c: Cell; text: DiffText }) {
  if (c.at < 0) return null;
  return c.side === 'a' ? (
    <Code text={text.a[c.at] ?? ''} state={text.sa[c.at] as LexState} />
  ) : (
    <Code text={text.b[c.at] ?? ''} state={text.sb[c.at] as LexState} />
  );
}

function halfClass(c: Cell, lines: DiffLines | null): string {
  const kind = c.at < 0 ? ' none' : c.sign === '-' ? ' del' : c.sign === '+' ? ' add' : '';
  return `dhalf${kind}${picked(lines, c.side, c.at) ? ' sel' : ''}`;
}

function SplitRow({ k, left, right, style, ctx }: RowProps) {
  return (
    <div
      role="row"
      className="dline split"
      style={style}
      data-kind={k}
      data-a={left.at + 1}
      data-b={right.at + 1}
    >
      {[left, right].map((c) => (
        <span key={c.side} className={halfClass(c, ctx.lines)} data-side={c.side}>
          <LineNo c={c} header={c.side === 'a'} ctx={ctx} />
          <Sign s={c.at < 0 ? ' ' : c.sign} />
          <span role="cell" className="ct">
            <CellCode c={c} text={ctx.text} />
          </span>
        </span>
      ))}
    </div>
  );
}

function UnifiedRow({ k, left, right, style, ctx }: RowProps) {
  const cls = k === ROW_DEL ? 'del' : k === ROW_ADD ? 'add' : 'same';
  const sel = picked(ctx.lines, 'a', left.at) || picked(ctx.lines, 'b', right.at);
  return (
    <div
      role="row"
      className={`dline ${cls}${sel ? ' sel' : ''}`}
      style={style}
      data-a={left.at + 1}
      data-b={right.at + 1}
    >
      <LineNo c={left} header={true} ctx={ctx} />
      <LineNo c={right} header={false} ctx={ctx} />
      <Sign s={k === ROW_DEL ? '-' : k === ROW_ADD ? '+' : ' '} />
      <span role="cell" className="ct">
        <CellCode c={k === ROW_ADD ? right : left} text={ctx.text} />
      </span>
    </div>
  );
}

interface RowProps {
  k: number;
  left: Cell;
  right: Cell;
  style: CSSProperties;
  ctx: RowContext;
}

/** Row `i` of the diff in the chosen layout. */
export function renderDiffRow(i: number, style: CSSProperties, split: boolean, ctx: RowContext): ReactNode {
  const { kind, a: ra, b: rb } = ctx.text.rows;
  const k = kind[i]!;
  if (k === ROW_HUNK)
    return (
      <div key={i} role="row" className="dline hunk" style={style}>
        <span role="cell" className="ct">
          {hunkHeader(ctx.hunks[ra[i]!]!)}
        </span>
      </div>
    );
  const left: Cell = { side: 'a', at: ra[i]!, sign: k === ROW_DEL || k === ROW_CHANGE ? '-' : ' ' };
  const right: Cell = { side: 'b', at: rb[i]!, sign: k === ROW_ADD || k === ROW_CHANGE ? '+' : ' ' };
  const Row = split ? SplitRow : UnifiedRow;
  return <Row key={i} k={k} left={left} right={right} style={style} ctx={ctx} />;
}
